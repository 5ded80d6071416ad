"""The workspace's lists timed beside the reference's, on the same large library, in one run.

Each app runs in a process of its own (`timer.py`), filled alike; they are asked in turn, one
request each, the order swapped every round, so that a busy machine slows both alike. What is
compared is the median time of each list: a ratio, never a time.

In-process, both processes are started with the first library (`start_early`): starting and
filling them takes longer than the timing itself, and then overlaps the other checks.
"""

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from labs.engine import CheckFailed
from labs.engine.inside import Inside
from labs.engine.served import ServiceError, call
from labs.lab09_indexing.checks.library import Library, served_library
from labs.lab09_indexing.checks.timer import LISTS, url_of

# Enough for the kept mistake to show far beyond the limit: without an index on favorites
# (article_id), the page of a tag on the oldest sixth (read whole, each article's favorites
# counted before the newest are kept) scans the favorites table once per article of the tag,
# while a correct app stays near the reference. Filling both apps is most of the check's cost.
ARTICLES = 5_000
SEED = 20261203  # the library is the same in every run: the limit was measured on it
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


class ServedTimer:
    """The workspace's app answering timing requests in the grader's sandbox (`service.py`).

    Each request is timed here, by the checks' clock, from the command sent to its answer:
    the sandbox's own measure is not taken on trust. That adds the socket's round trip (well
    under a millisecond) to what the reference's timer measures, against the workspace.
    """

    def __init__(self, socket_path: str, inside: Inside | None, seed: int) -> None:
        self.socket_path, self.inside, self.seed = socket_path, inside, seed
        self.stack = ExitStack()
        self.library: Library | None = None

    def ready(self) -> str:
        """'' once it is filled and waiting, or what went wrong."""
        try:
            self.library = self.stack.enter_context(
                served_library(self.socket_path, self.inside, articles=ARTICLES, seed=self.seed)
            )
        except (CheckFailed, ServiceError) as error:
            return str(error)[-1500:]
        return ""

    def time(self, name: str) -> tuple[int, float]:
        """The status and seconds of one request for list `name`."""
        assert self.library is not None
        url = url_of(self.library, name)
        started = time.perf_counter()
        answer = call(self.socket_path, "time", url=url)
        return int(answer["status"]), time.perf_counter() - started

    def stop(self) -> None:
        self.stack.close()


@contextmanager
def served_timers(
    socket_path: str, inside: Inside, seed: int
) -> Iterator[tuple[ServedTimer, ServedTimer | Timer]]:
    """The workspace's app in the grader's sandbox, and the reference's in a sandbox like it
    (the grader serves `service.py` over the reference's sources too): both apps are then
    timed in like conditions, through the same socket's round trip. A grader that serves no
    such twin leaves the reference in a process here, as `course check` does."""
    from graders.labs.checks_service import reference_socket

    twin = reference_socket(socket_path)
    with tempfile.TemporaryDirectory(prefix="course-speed-") as folder, ExitStack() as stack:
        yours = ServedTimer(socket_path, inside, seed)
        stack.callback(yours.stop)
        reference: ServedTimer | Timer = (
            ServedTimer(str(twin), None, seed)
            if twin.exists()
            else Timer("reference_app", Path(folder), seed, None)
        )
        stack.callback(reference.stop)
        yield yours, reference


@dataclass
class Timers:
    """The workspace's app and the reference's, each in its own process, filled alike."""

    folder: tempfile.TemporaryDirectory[str]
    yours: Timer
    reference: Timer

    def stop(self) -> None:
        self.yours.stop()
        self.reference.stop()
        self.folder.cleanup()


_STARTED: dict[tuple[Path, int], Timers] = {}  # started ahead of the check, not yet taken


def _started(workspace: Path, seed: int) -> Timers:
    key = (workspace, seed)
    if key not in _STARTED:
        folder = tempfile.TemporaryDirectory(prefix="course-speed-")
        yours = Timer("conduit", Path(folder.name), seed, workspace)
        reference = Timer("reference_app", Path(folder.name), seed, None)
        _STARTED[key] = Timers(folder, yours, reference)
    return _STARTED[key]


def _stop_started() -> None:
    while _STARTED:
        _STARTED.popitem()[1].stop()


def start_early(session: pytest.Session, workspace: Path) -> None:
    """Start the speed check's two processes now, if it is to run in this session: they then
    start and fill while the checks before it run (they are stopped with the session)."""
    from labs.engine.oracle.reference import reference_installed

    if any(item.path.name == "test_speed.py" for item in session.items) and reference_installed():
        session.addfinalizer(_stop_started)
        _started(workspace.resolve(), SEED)


@contextmanager
def timers(workspace: Path, seed: int) -> Iterator[tuple[Timer, Timer]]:
    """The workspace's app and the reference's, each in its own process, filled alike (taken
    from `start_early` when it started them)."""
    started = _started(workspace.resolve(), seed)
    _STARTED.pop((workspace.resolve(), seed))
    try:
        yield started.yours, started.reference
    finally:
        started.stop()


def medians(
    yours: Timer | ServedTimer, reference: Timer | ServedTimer
) -> dict[str, tuple[int, float, float]]:
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
