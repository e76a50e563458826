"""`python -m bench.broadcast` still runs end to end (a tiny salon; no timing is checked)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_bench_broadcast_prints_its_figures(tmp_path):
    result = subprocess.run([sys.executable, "-m", "bench.broadcast", "--clients", "300"],
                            cwd=ROOT, capture_output=True, text=True, timeout=180,
                            env={"MTIME_DATA_DIR": str(tmp_path), "MTIME_LOG_DIR": str(tmp_path),
                                 "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    for figure in ("queue it (core)", "queue it from the TUI (worker)", "keys meanwhile: slowest"):
        line = next(line for line in result.stdout.splitlines() if line.startswith(figure))
        assert line.rstrip().endswith(("ok", "MISSED")), line
