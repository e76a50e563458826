"""`python -m mtime_tui` — the same as the `mtime-tui` command."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
