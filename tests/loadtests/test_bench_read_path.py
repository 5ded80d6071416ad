"""The read-path benchmark runs end to end and prints a row per endpoint, cached or not."""

import subprocess
import sys

import pytest

from tests.conftest import SERVERS, _answers

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


def test_the_benchmark_serves_each_configuration_from_a_database_server_of_its_own() -> None:
    server_url, address = SERVERS["postgresql"]
    if not _answers(address):
        pytest.skip(f"postgresql does not answer on {address[0]}:{address[1]}")
    command = [
        *(sys.executable, "-m", "loadtests.bench_read_path", "--workers", "1", "--articles", "3"),
        *("--duration", "0.5", "--warmup", "0.2", "--connections", "4", "--cache", "off"),
        *("--database-url", server_url),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=180)

    assert run.returncode == 0, (
        f"bench_read_path exited with {run.returncode}:\n{run.stderr[-3000:]}"
    )
    assert "(uvicorn, postgresql, 3 articles" in run.stdout, run.stdout
    rows = [line for line in run.stdout.splitlines() if "| GET /" in line]
    assert len(rows) == 5, f"expected the hello-world and 4 uncached reads:\n{run.stdout}"
    failed = [row for row in rows if row.split("|")[6].strip() != "0"]
    assert not failed, f"requests failed on PostgreSQL:\n{run.stdout}"
