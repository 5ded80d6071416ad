"""Sandboxed runs for the tests: skipped, with the reason, where no sandbox can be made."""

import socket
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from graders.sandbox import Finished, Limits, Running, processes_of, sandbox_problem

needs_sandbox = pytest.mark.skipif(
    sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}"
)

Python = Callable[..., Finished]


@pytest.fixture
def python(tmp_path: Path) -> Python:
    """Run Python code in a sandbox; checks that nothing of it is left running afterwards."""

    def run(code: str, limits: Limits | None = None, **binds: object) -> Finished:
        chosen = limits or Limits(wall_seconds=10)
        running = Running([sys.executable, "-c", code], folder=tmp_path, limits=chosen, **binds)  # type: ignore[arg-type]
        finished = running.wait(chosen.wall_seconds + 1)
        assert processes_of(running.uid) == [], "a process of the sandbox is still running"
        return finished

    return run


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP listener on the host's loopback, for code in a sandbox to try to reach."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        server.setblocking(False)
        yield server


def accepted(server: socket.socket) -> tuple[str, int] | None:
    """The address of a connection the listener got, if it got one (it never waits)."""
    try:
        connection, address = server.accept()
    except BlockingIOError:
        return None
    connection.close()
    return (str(address[0]), int(address[1]))
