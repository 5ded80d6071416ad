"""Apps of the checks' own, with sign-in limits, proxies and clocks the checks choose.

The app under check keeps its default limits (20 failures per account and address...), which
no check should have to exhaust, and every request of a test client comes from one address.
So the limit checks build the workspace's app again in-process, with low limits, the
TRUSTED_PROXIES they choose, and each request's peer address set by the check (the header
`X-Check-Peer`, read by a wrapper around the app, never by the app). When grading, the
learner's code runs only in the grader's sandbox: there the grader serves `service.py` beside
the app, which builds it the same way on the checks' behalf. By a URL of someone else's there
is no such app: these checks are not applicable there.

The check modules import the `limited` fixture (`limited_apps`) from here: a conftest.py would
share its module name, `checks.conftest`, with other labs' when every lab's checks run together.
"""

import asyncio
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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

    @contextmanager
    def app(self, **settings: Any) -> Iterator[Limited]:
        """The workspace's app on this folder's database, with these settings changed."""
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
        app = limited_app(chosen, clock)
        with BoundedClient(app, raise_server_exceptions=False) as client:
            yield Limited(Api(client), clock)


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


@pytest.fixture(name="limited")
def limited_apps(pytestconfig: pytest.Config) -> Iterator[LimitedApps]:
    if pytestconfig.getoption("--lab-url"):
        service = served()
        if service is None:
            pytest.skip(NOT_APPLICABLE)  # the app's code runs elsewhere, with limits of its own
        apps = ServedLimitedApps(socket_path=service[0])
        call(apps.socket_path, "reset")
        try:
            yield apps
        finally:
            call(apps.socket_path, "stop")
        return
    from conduit.database import Database  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="course-limited-") as folder:
        apps = LimitedApps(Path(folder))

        async def create_tables() -> None:
            database = Database(f"sqlite+aiosqlite:///{folder}/conduit.db")
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        yield apps
