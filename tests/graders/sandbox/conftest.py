"""Sandboxed runs for the tests: skipped, with the reason, where no sandbox can be made."""

import sys
from collections.abc import Callable
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
