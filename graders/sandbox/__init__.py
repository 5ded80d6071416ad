"""Run untrusted code walled in: no network, a read-only file system, bounded resources.

from graders.sandbox import Limits, run
finished = run(["python", "-c", "print(1)"], folder=work, limits=Limits(wall_seconds=5))
"""

from graders.sandbox.bubblewrap import (
    SandboxUnavailable,
    require_sandbox,
    sandbox_available,
    sandbox_problem,
)
from graders.sandbox.limits import Limits
from graders.sandbox.process import Finished, Running, processes_of, run

__all__ = [
    "Finished",
    "Limits",
    "Running",
    "SandboxUnavailable",
    "processes_of",
    "require_sandbox",
    "run",
    "sandbox_available",
    "sandbox_problem",
]
