"""Where the reference answers from, beside the learner's app.

At a lab's public seeds it is its transcripts (`Reference.transcript`), which need none of the
reference's code. Any other seed needs the reference app itself (graders, instructors):
- By URL (`course check --url`, the grader): the learner's app is elsewhere, so the reference
  is loaded here, in the checks' process, on a fresh SQLite database in a temporary folder.
- In-process: the learner's `conduit` package is loaded here, and the reference cannot be
  loaded beside it (both declare the same tables on SQLModel's one metadata), so it is served
  by a subprocess on a Unix socket (`labs.engine.oracle.server`), started as soon as the
  checks start, so that its start-up overlaps theirs, and always stopped with them.
"""

import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager
from importlib.util import find_spec
from pathlib import Path

import httpx

from labs.engine.catalog import get_lab
from labs.engine.client import Api
from labs.engine.oracle import transcripts
from labs.engine.oracle.run import ReferenceUnavailable
from labs.engine.oracle.server import SECRET, SOCKET_NAME
from labs.engine.oracle.transcripts import PUBLIC_SEEDS, Transcript

START_SECONDS = 60  # a loaded machine may take long to import; a stuck start still ends
BASE_URL = "http://reference"


def reference_installed() -> bool:
    """Whether the whole reference app is here (the course's own tree), or not: a learner's
    install holds none, or one whose labs' regions are stubs (`labs.engine.learner_build`)."""
    if find_spec("reference_app") is None:
        return False
    from labs.engine.starter import stubbed_labs
    from labs.engine.workspace import reference_sources

    return not stubbed_labs(reference_sources())


class Reference:
    """The reference's answers: a lab's transcripts, or the app itself, started on first use."""

    def __init__(self, start: Callable[[], AbstractContextManager[Api]]) -> None:
        self._start = start
        self._stack = ExitStack()
        self._api: Api | None = None

    def transcript(self, lab: str, seed: int) -> Transcript | None:
        return transcripts.load(get_lab(lab).folder, seed)

    def api(self) -> Api:
        if self._api is None:
            if not reference_installed():
                raise ReferenceUnavailable(
                    "this seed was not recorded (the recorded ones are "
                    f"{', '.join(map(str, PUBLIC_SEEDS))}), and replaying another needs the "
                    "reference app, which only the course's own repository holds (instructors, "
                    "graders): run the check without --seed, or with one of those"
                )
            self._api = self._stack.enter_context(self._start())
        return self._api

    def close(self) -> None:
        self._stack.close()


def scratch_folder() -> Path:
    """A fresh folder, in memory where the system offers one: the reference writes a lot."""
    shm = Path("/dev/shm")  # noqa: S108 - mkdtemp makes a private folder in it
    memory = shm if shm.is_dir() and shm.stat().st_mode & 0o002 else None
    return Path(tempfile.mkdtemp(prefix="course-reference-", dir=memory))


class ReferenceServer:
    """The reference app in a subprocess, on a Unix socket in a folder of its own."""

    def __init__(self) -> None:
        self.folder = scratch_folder()
        self.socket = self.folder / SOCKET_NAME
        self.log = (self.folder / "server.log").open("wb")
        # Its standard input is a pipe from here: when this process ends, however it ends,
        # the pipe closes and the server ends too.
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "labs.engine.oracle.server", str(self.folder)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            cwd=self.folder,
        )
        self.client: httpx.Client | None = None

    def api(self) -> Api:
        """The reference's API, once it answers; RuntimeError if it cannot start."""
        if self.client is None:
            transport = httpx.HTTPTransport(uds=str(self.socket))
            self.client = httpx.Client(base_url=BASE_URL, transport=transport, timeout=30)
            self._wait(self.client)
        return Api(self.client)

    def _wait(self, client: httpx.Client) -> None:
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            if self.socket.exists():
                try:
                    if client.get("/health").status_code == 200:
                        return
                except httpx.TransportError:
                    pass
            time.sleep(0.01)
        log = (self.folder / "server.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"the reference app did not start:\n{log}")

    @contextmanager
    def serving(self) -> Iterator[Api]:
        """Its API (waiting for it to answer), and stopping it after."""
        try:
            yield self.api()
        finally:
            self.stop()

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.process.poll() is None:
            self.process.kill()  # it holds nothing worth a graceful end
        self.process.wait()
        self.log.close()
        if self.process.stdin is not None:
            self.process.stdin.close()
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def reference_here() -> Iterator[Api]:
    """The reference app in this process (which must not have loaded `conduit`)."""
    from litestar.testing import TestClient

    from reference_app.app import create_app
    from reference_app.database import Database
    from reference_app.settings import Settings

    folder = scratch_folder()
    try:
        settings = Settings(
            environment="test",
            database_url=f"sqlite+aiosqlite:///{folder / 'reference.db'}",
            data_dir=folder,
            secret_key=SECRET,
            bcrypt_rounds=4,
        )

        async def create_tables() -> None:
            database = Database(settings.database_url)
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        with TestClient(app=create_app(settings), raise_server_exceptions=False) as client:
            yield Api(client)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
