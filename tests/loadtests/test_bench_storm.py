"""Login storms and write races end with no server error, and /health answers throughout."""

import subprocess
import sys
from collections.abc import Iterator

import pytest

from loadtests.bench_storm import login_storm, same_title_race, tagged_writers
from loadtests.serve import Server, reference_server

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    # bcrypt cost 8: slow enough that logins queue behind each other on a CI machine's 2 CPUs.
    with reference_server(bcrypt_rounds=8) as server:
        yield server


def test_a_login_storm_ends_without_server_errors_and_health_answers(server: Server) -> None:
    storm = login_storm(server.url, 120)
    assert storm.server_errors == 0, storm.statuses
    assert storm.transport_errors == 0
    assert sum(storm.statuses.values()) == 120
    assert set(storm.statuses) <= {200, 401, 429}, storm.statuses
    assert storm.health_latencies, "/health never answered during the storm"
    assert storm.health_failures == 0


def test_write_races_end_without_server_errors(server: Server) -> None:
    same_title, slugs = same_title_race(server.url)
    assert same_title.statuses == {201: 50}, same_title.statuses
    assert slugs == 50
    tagged = tagged_writers(server.url, 10)
    assert tagged.statuses == {201: 10}, tagged.statuses


def test_the_benchmark_prints_its_table() -> None:
    command = [sys.executable, "-m", "loadtests.bench_storm", "--logins", "6"]
    command += ["--writers", "3", "--bcrypt-rounds", "4"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    for expected in ("| 6 logins at once", "| 50 articles, one title", "/health p99 ms"):
        assert expected in run.stdout, f"{expected!r} is missing from:\n{run.stdout}"
