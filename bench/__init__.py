"""Benchmarks of mtime_tui on a large salon: `python -m bench.run` (see docs/PERFORMANCE.md)."""
