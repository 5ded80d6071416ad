"""Login storms and write races end with no server error, and /health answers throughout."""

import subprocess
import sys
from collections.abc import Iterator

import pytest

from loadtests.bench_storm import (
    SIGN_IN_PATHS,
    login_storm,
    same_title_race,
    sign_in_storm,
    tagged_writers,
)
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


@pytest.mark.parametrize("path", SIGN_IN_PATHS.values())
def test_a_sign_in_storm_signs_every_client_in_every_time(server: Server, path: str) -> None:
    storm = sign_in_storm(server.url, path, clients=4, each=3)
    assert storm.statuses == {200: 12}, storm.statuses
    assert storm.transport_errors == 0
    assert storm.signed_in_per_second == 12 / storm.seconds
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
    command += ["--writers", "3", "--bcrypt-rounds", "4", "--clients", "2", "--sign-ins", "2"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    expected_lines = (
        "| no load",
        "| 2 clients x 2 RealWorld logins",
        "| 2 clients x 2 session sign-ins",
        "| 6 logins at once",
        "| 50 articles, one title",
        "sign-ins/s",
        "/health p99 ms",
    )
    for expected in expected_lines:
        assert expected in run.stdout, f"{expected!r} is missing from:\n{run.stdout}"
