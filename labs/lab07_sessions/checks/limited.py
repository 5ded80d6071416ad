"""Apps of the checks' own, with sign-in limits, proxies and clocks the checks choose.

The app under check keeps its default limits (20 failures per account and address...), which
no check should have to exhaust, and every request of a test client comes from one address.
So the limit checks build the workspace's app again in-process, with low limits, the
TRUSTED_PROXIES they choose, and each request's peer address set by the check (the header
`X-Check-Peer`, read by a wrapper around the app, never by the app). When grading, the
learner's code runs only in the grader's sandbox: there the grader serves `service.py` beside
the app, which builds it the same way on the checks' behalf. By a URL of someone else's there
is no such app: these checks are not applicable there.

In-process, an app is built once for each settings a module's checks ask for and kept while its
clock is unmoved: building one costs more than most checks (0.1-0.2 s), and checks that share
settings sign in with accounts of their own, so that one check's counts never reach another's.

The check modules import the `limited` fixture (`limited_apps`) and the module's database it
takes (`limited_database`) from here: a conftest.py would share its module name,
`checks.conftest`, with other labs' when every lab's checks run together.
"""

import asyncio
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from labs.engine import Account, Api, Reply
from labs.engine.plugin import NOT_APPLICABLE
from labs.engine.served import ServiceTransport, call, served

from .service import SECRET, MovingClock, limited_app


class ServedClock:
    """The clock of the app the grader's service started: moved by asking the service."""

    def __init__(self, path: str) -> None:
        self.path = path

    def advance(self, seconds: float) -> None:
        call(self.path, "advance", seconds=seconds)


@dataclass
class Limited:
    """The workspace's app built in-process, and how to call it from a chosen address."""

    api: Api
    clock: MovingClock | ServedClock

    def sign_in(self, account: Account, password: str, peer: str, forwarded: str = "") -> Reply:
        headers = {"X-Check-Peer": peer}
        if forwarded:
            headers["X-Forwarded-For"] = forwarded
        sent = {"user": {"email": account.email, "password": password}}
        return self.api.post("/api/users/login", sent, headers=headers)


@dataclass
class LimitedApps:
    """The workspace's app with chosen settings: in-process, on this folder's database."""

    folder: Path = Path()
    built: dict[str, Limited] = field(default_factory=dict)
    running: ExitStack = field(default_factory=ExitStack)

    @contextmanager
    def app(self, **settings: Any) -> Iterator[Limited]:
        """The workspace's app on this folder's database, with these settings changed.

        Built on first use, then kept for the next check that asks for the same settings,
        unless a check moved its clock (a window or a lifetime passed there).
        """
        key = repr(sorted(settings.items()))
        kept = self.built.get(key)
        if kept is None or isinstance(kept.clock, ServedClock) or kept.clock.moved:
            kept = self.built[key] = self._build(settings)
        yield kept

    def _build(self, settings: dict[str, Any]) -> Limited:
        from conduit.settings import Settings  # type: ignore[import-not-found]

        from labs.engine.deadlines import BoundedClient

        chosen = Settings(
            environment="test",
            database_url=f"sqlite+aiosqlite:///{self.folder}/conduit.db",
            data_dir=self.folder,
            secret_key=SECRET,
            bcrypt_rounds=4,
            **settings,
        )
        clock = MovingClock()
        client = BoundedClient(limited_app(chosen, clock), raise_server_exceptions=False)
        return Limited(Api(self.running.enter_context(client)), clock)

    def close(self) -> None:
        """Stop every app built."""
        self.built.clear()
        self.running.close()


@dataclass
class ServedLimitedApps(LimitedApps):
    """The same apps, started by the grader's service in its sandbox (`service.py`)."""

    socket_path: str = ""

    @contextmanager
    def app(self, **settings: Any) -> Iterator[Limited]:
        call(self.socket_path, "start", settings=settings)
        try:
            transport = ServiceTransport(self.socket_path)
            with httpx.Client(base_url="http://sandbox", transport=transport) as client:
                yield Limited(Api(client), ServedClock(self.socket_path))
        finally:
            call(self.socket_path, "stop")


@pytest.fixture(scope="module")
def limited_database(pytestconfig: pytest.Config) -> Iterator[LimitedApps | None]:
    """In-process, one database for the module's checks and the apps built on it (None by URL)."""
    if pytestconfig.getoption("--lab-url"):
        yield None
        return
    from conduit.database import Database  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="course-limited-") as folder:
        apps = LimitedApps(Path(folder))

        async def create_tables() -> None:
            database = Database(f"sqlite+aiosqlite:///{folder}/conduit.db")
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        try:
            yield apps
        finally:
            apps.close()


@pytest.fixture(name="limited")
def limited_apps(limited_database: LimitedApps | None) -> Iterator[LimitedApps]:
    if limited_database is not None:
        yield limited_database
        return
    service = served()
    if service is None:
        pytest.skip(NOT_APPLICABLE)  # the app's code runs elsewhere, with limits of its own
    apps = ServedLimitedApps(socket_path=service[0])
    call(apps.socket_path, "reset")
    try:
        yield apps
    finally:
        call(apps.socket_path, "stop")
