"""The API benchmark runs end to end and prints its table (a tiny run: no figure is judged)."""

import subprocess
import sys

import pytest

from loadtests.bench_api import PATHS

pytestmark = pytest.mark.slow


def test_the_benchmark_prints_a_row_per_endpoint_without_errors() -> None:
    command = [
        *(sys.executable, "-m", "loadtests.bench_api", "--workers", "1", "--articles", "5"),
        *("--duration", "0.5", "--warmup", "0.2", "--connections", "4"),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, f"bench_api exited with {run.returncode}:\n{run.stderr[-3000:]}"
    assert "| endpoint" in run.stdout, f"no table in:\n{run.stdout}"
    rows = {line.split("|")[1].strip(): line for line in run.stdout.splitlines() if "| GET" in line}
    assert sorted(rows) == sorted(f"GET {path}" for path in PATHS), run.stdout
    for endpoint, row in rows.items():
        errors = row.split("|")[7].strip()
        assert errors == "0", f"{endpoint} had {errors} failed requests:\n{run.stdout}"
