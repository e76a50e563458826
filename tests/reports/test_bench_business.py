"""The owner's benchmark group still runs end to end (on a tiny salon, the fewest repetitions)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_bench_business_group_prints_its_figures(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--sizes", "300", "--smoke", "--only", "business",
         "--cache", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=180,
    )
    assert result.returncode == 0, result.stderr
    for figure in ("statistics of a month (report)", "statistics of a year (report)"):
        line = next(line for line in result.stdout.splitlines() if line.startswith(figure))
        assert line.rstrip().endswith(("ok", "MISSED")), line
