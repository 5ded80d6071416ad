"""The reference server helper starts a seeded server, and stopping it leaves nothing behind."""

import httpx
import pytest

from loadtests.serve import reference_server

pytestmark = pytest.mark.slow


def test_a_server_with_two_workers_serves_demo_data_and_stops_entirely() -> None:
    with reference_server(workers=2) as server:
        processes = server.processes()
        tags = httpx.get(f"{server.url}/api/tags").json()["tags"]
        data_dir = server.data_dir

    assert "databases" in tags, f"the demo data's tags are missing from {tags}"
    # uvicorn's supervisor, its 2 workers and multiprocessing's resource tracker.
    assert len(processes) >= 3, f"expected a supervisor and 2 workers, got {processes}"
    left = [process for process in processes if process.is_running()]
    assert not left, f"still running after the server stopped: {left}"
    assert not data_dir.exists(), f"the temporary data directory {data_dir} was left behind"


@pytest.mark.parametrize("seed", [True, False], ids=["seeding", "serving"])
def test_a_server_that_cannot_start_says_why(seed: bool) -> None:
    bad = {"TOKEN_LIFETIME_MINUTES": "0"}
    with (
        pytest.raises(RuntimeError, match="Configuration error"),
        reference_server(seed=seed, settings=bad),
    ):
        pass
