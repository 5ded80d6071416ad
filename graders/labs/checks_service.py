"""A lab's checks service: what its checks would do in-process, served from a sandbox of its own.

Some checks need more than the app the grader serves: lab 06's build the learner's app again
with key rings they choose, edit its rows, and call its rotation functions (`keyed.py`); lab
07's build it with low sign-in limits and a clock they move (`limited.py`). In `course check`
they do that in their own process. When grading, the learner's code must not run
in the checks' process, so a lab whose checks folder holds `service.py` has it served here:
in a sandbox like the app's (its own uid, no network, the same limits), on a database folder
the grader makes and lends it, listening on a Unix socket only the grader reaches. The checks
get the socket and the database through `Inside` and read that database themselves.
"""

import contextlib
import dataclasses
import socket
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from graders.labs.database_folder import (
    DATABASE,
    INSIDE,
    make_database_folder,
    release_database_folder,
)
from graders.labs.server import APP, ServerDidNotStart, write_app
from graders.sandbox import Limits, Running
from labs.engine import service_loop
from labs.engine.catalog import Lab
from labs.engine.starter import Sources
from labs.engine.workspace import reference_sources, to_workspace

SERVICE_FILE = "service.py"  # in a lab's checks folder
SERVICE_MODULE = f"{service_loop.SERVICE_MODULE}.py"  # its name beside the learner's package
LOOP_MODULE = "_service_loop.py"  # labs/engine/service_loop.py there, which serves it
SOCKET_NAME = "service.sock"
PING = b'{"op": "stop"}\n'  # a command that changes nothing: the service answers once ready
REFERENCE_TOO = "SERVES_THE_REFERENCE_TOO = True"  # said by a service that wants its twin
REFERENCE_FOLDER = "reference-service"  # the twin's folder, beside the learner's service's


def reference_socket(service_socket: str) -> Path:
    """Where the reference's twin of the service at `service_socket` listens, when served."""
    return Path(service_socket).parent.parent / REFERENCE_FOLDER / SOCKET_NAME


@dataclass(frozen=True)
class Served:
    """Where the checks reach the service, and why it is not there when it did not start."""

    socket: str
    database: str
    problem: str = ""
    running: Running | None = None  # the service's sandbox, when it started


def service_of(lab: Lab) -> Path | None:
    """The lab's checks service, if its checks need one."""
    path = lab.checks_dir / SERVICE_FILE
    return path if path.is_file() else None


@contextlib.contextmanager
def checks_service(
    lab: Lab, scratch: Path, sources: Sources, *, limits: Limits, trusted: bool
) -> Iterator[Served | None]:
    """The lab's checks service over the learner's `sources` while the block runs (None when
    the lab has none). One that did not start is given anyway, with its problem: the checks
    that need it then fail, saying it did not answer, rather than not count."""
    service = service_of(lab)
    if service is None:
        yield None
        return
    folder = scratch / "service"
    try:
        running, path, database = start_checks_service(
            folder, service, sources, limits=limits, trusted=trusted
        )
    except ServerDidNotStart as error:
        yield Served(str(folder / SOCKET_NAME), f"sqlite+aiosqlite:///{folder}/none", str(error))
        release_database_folder(folder)
        return
    try:
        with _reference_twin(scratch, service, limits=limits, trusted=trusted):
            yield Served(str(path), database, running=running)
    finally:
        running.stop()
        release_database_folder(folder)


@contextlib.contextmanager
def _reference_twin(
    scratch: Path, service: Path, *, limits: Limits, trusted: bool
) -> Iterator[None]:
    """The service over the reference's sources, when it asks for it; the checks that need it
    fail, saying it did not answer, if it did not start. Its time is the whole run's: the
    grader's clock for the learner's service restarts with the checks, this one's cannot."""
    if REFERENCE_TOO not in service.read_text():
        yield
        return
    folder = scratch / REFERENCE_FOLDER
    sources = {path: to_workspace(text) for path, text in reference_sources().items()}
    long_enough = dataclasses.replace(limits, wall_seconds=3 * limits.wall_seconds + 120)
    try:
        running, _, _ = start_checks_service(
            folder, service, sources, limits=long_enough, trusted=trusted
        )
    except ServerDidNotStart:
        yield
        release_database_folder(folder)
        return
    try:
        yield
    finally:
        running.stop()
        release_database_folder(folder)


def start_checks_service(
    folder: Path, service: Path, sources: Sources, *, limits: Limits, trusted: bool
) -> tuple[Running, Path, str]:
    """Start `service` in a sandbox over the learner's `sources`; once it answers, return it,
    the host path of its socket and its database's URL as the checks read it."""
    folder.mkdir()
    app = write_app(folder / "app", sources)
    (app / SERVICE_MODULE).write_text(service.read_text())
    (app / LOOP_MODULE).write_text(Path(service_loop.__file__).read_text())
    path = folder / SOCKET_NAME
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(16)
    data = make_database_folder(folder, limits.scratch_bytes, trusted=trusted)
    seen = data if trusted else INSIDE
    package = app if trusted else APP
    with listener:
        running = Running(
            [
                sys.executable,
                "-I",
                str(package / LOOP_MODULE),
                str(package),
                str(listener.fileno()),
                str(seen),
            ],
            folder=folder,
            limits=limits,
            read_only=[(app, APP)],
            writable=[] if trusted else [(data, INSIDE)],
            env={"ENVIRONMENT": "production", "PYTHONDONTWRITEBYTECODE": "1"},
            pass_fds=[listener.fileno()],
            trusted=trusted,
        )
    try:
        _wait_for(path, running, limits.wall_seconds)
    except ServerDidNotStart:
        running.stop()
        raise
    return running, path, f"sqlite+aiosqlite:///{data}/{DATABASE}"


def _wait_for(path: Path, running: Running, seconds: float) -> None:
    """Until the service answers a command that changes nothing."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not running.alive():
            output = running.finished().output[-2000:]
            raise ServerDidNotStart(f"the checks' service ended before it served:\n{output}")
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(5)
                connection.connect(str(path))
                connection.sendall(PING)
                if connection.recv(1):
                    return
        except OSError:
            pass
        time.sleep(0.05)
    raise ServerDidNotStart(f"the checks' service did not answer within {seconds:.0f} s")
