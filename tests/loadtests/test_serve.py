"""The reference server helper starts a seeded server, and stopping it leaves nothing behind."""

import signal
import subprocess
import sys

import httpx
import psutil
import pytest

from loadtests.serve import REPO_ROOT, reference_server

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


def test_sigterm_to_the_command_stops_its_server() -> None:
    command = [sys.executable, "-m", "loadtests.serve", "--log-level", "WARNING"]
    serving = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        # Its first line is printed once the server answers: the event to wait for.
        ready = serving.stdout.readline() if serving.stdout else ""
        assert ready.startswith("Conduit API on"), f"the command did not serve: {ready!r}"
        server = psutil.Process(serving.pid).children(recursive=True)
        assert server, "the command started no server process"

        serving.send_signal(signal.SIGTERM)

        assert serving.wait(timeout=60) == 0, "the command did not end cleanly on SIGTERM"
        _, alive = psutil.wait_procs(server, timeout=30)
        assert not alive, f"still running after the command stopped: {alive}"
    finally:
        serving.kill()
        serving.wait()
