"""The workspace's lists timed beside the reference's, on the same large library, in one run.

Each app runs in a process of its own (`timer.py`), filled alike; they are asked in turn, one
request each, the order swapped every round, so that a busy machine slows both alike. What is
compared is the median time of each list: a ratio, never a time.
"""

import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from labs.lab09_indexing.checks.timer import LISTS

ARTICLES = 10_000
ROUNDS = 9
SETTLED = 10.0  # after 3 rounds, a list this many times slower is not asked again


class Timer:
    """One app answering timing requests (timer.py), in its own process."""

    def __init__(self, package: str, folder: Path, seed: int, workspace: Path | None) -> None:
        command = [sys.executable, "-m", "labs.lab09_indexing.checks.timer", package]
        command += [str(folder), str(ARTICLES), str(seed)]
        command += [str(workspace)] if workspace else []
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=folder,
        )

    def ready(self) -> str:
        """'' once it is filled and waiting, or what went wrong."""
        assert self.process.stdout is not None
        line = self.process.stdout.readline().strip()
        if line == "ready":
            return ""
        self.process.kill()
        assert self.process.stderr is not None
        return (line + "\n" + self.process.stderr.read()).strip()[-1500:]

    def time(self, name: str) -> tuple[int, float]:
        """The status and seconds of one request for list `name`."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(name + "\n")
        self.process.stdin.flush()
        status, seconds = self.process.stdout.readline().split()
        return int(status), float(seconds)

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.kill()
        self.process.wait()


@contextmanager
def timers(workspace: Path, seed: int) -> Iterator[tuple[Timer, Timer]]:
    """The workspace's app and the reference's, each in its own process, filled alike."""
    with tempfile.TemporaryDirectory(prefix="course-speed-") as folder, ExitStack() as stack:
        yours = Timer("conduit", Path(folder), seed, workspace)
        stack.callback(yours.stop)
        reference = Timer("reference_app", Path(folder), seed, None)
        stack.callback(reference.stop)
        yield yours, reference


def medians(yours: Timer, reference: Timer) -> dict[str, tuple[int, float, float]]:
    """Each list's worst status of yours, and the median seconds of yours and the reference's.

    A list that failed, or is already far slower than the reference's, is not asked again: the
    verdict is clear, and a slow app would make the check slow too.
    """
    times: dict[str, tuple[list[float], list[float]]] = {name: ([], []) for name in LISTS}
    statuses = dict.fromkeys(LISTS, 200)
    asked = list(LISTS)
    for round_number in range(ROUNDS):
        for name in list(asked):
            pair = [(yours, 0), (reference, 1)]
            for timer, side in pair if round_number % 2 else reversed(pair):
                status, seconds = timer.time(name)
                times[name][side].append(seconds)
                if side == 0 and status != 200:
                    statuses[name] = status
            mine, theirs = times[name]
            settled = round_number >= 2 and min(mine) > SETTLED * statistics.median(theirs)
            if statuses[name] != 200 or settled:
                asked.remove(name)
    return {
        name: (statuses[name], statistics.median(mine), statistics.median(theirs))
        for name, (mine, theirs) in times.items()
    }
