"""The read-path benchmark runs end to end and prints a row per endpoint, cached or not."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_the_benchmark_prints_the_hello_world_and_each_endpoint_without_errors() -> None:
    command = [
        *(sys.executable, "-m", "loadtests.bench_read_path", "--workers", "1", "--articles", "3"),
        *("--duration", "0.5", "--warmup", "0.2", "--connections", "4"),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=180)

    assert run.returncode == 0, (
        f"bench_read_path exited with {run.returncode}:\n{run.stderr[-3000:]}"
    )
    rows = {line.split("|")[1].strip(): line for line in run.stdout.splitlines() if "| GET" in line}
    reads = ["/api/tags", "/api/articles", "/api/articles/:slug"]
    expected = [
        "GET / (hello-world)",
        *(f"GET {path} (uncached)" for path in ["/health", *reads]),
        *(f"GET {path} (cached)" for path in reads),
    ]
    assert sorted(rows) == sorted(expected), run.stdout
    for endpoint, row in rows.items():
        errors = row.split("|")[6].strip()
        assert errors == "0", f"{endpoint} had {errors} failed requests:\n{run.stdout}"
