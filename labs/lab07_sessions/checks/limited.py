"""Apps of the checks' own, with sign-in limits, proxies and clocks the checks choose.

The app under check keeps its default limits (20 failures per account and address...), which
no check should have to exhaust, and every request of a test client comes from one address.
So the limit checks build the workspace's app again in-process, with low limits, the
TRUSTED_PROXIES they choose, and each request's peer address set by the check (the header
`X-Check-Peer`, read by a wrapper around the app, never by the app). By URL there is no such
app: these checks are not applicable there.

The check modules import the `limited` fixture (`limited_apps`) from here: a conftest.py would
share its module name, `checks.conftest`, with other labs' when every lab's checks run together.
"""

import asyncio
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from labs.engine import Account, Api, Reply
from labs.engine.plugin import NOT_APPLICABLE

SECRET = "limited-app-secret-that-is-long-enough-for-any-environment"
PEER_HEADER = b"x-check-peer"


def with_peers(app: Any) -> Any:
    """The app, with each request's client address taken from X-Check-Peer when sent."""

    async def wrapped(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            peer = dict(scope["headers"]).get(PEER_HEADER)
            if peer:
                scope = {**scope, "client": (peer.decode(), 50000)}
        await app(scope, receive, send)

    return wrapped


class MovingClock:
    """A clock a check moves by hand (for sessions: aware datetimes; for limits: seconds)."""

    def __init__(self) -> None:
        self.now = datetime.now().astimezone()
        self.seconds = 1_000_000.0

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.seconds += seconds


@dataclass
class Limited:
    """The workspace's app built in-process, and how to call it from a chosen address."""

    api: Api
    app: Any
    clock: MovingClock

    def sign_in(self, account: Account, password: str, peer: str, forwarded: str = "") -> Reply:
        headers = {"X-Check-Peer": peer}
        if forwarded:
            headers["X-Forwarded-For"] = forwarded
        sent = {"user": {"email": account.email, "password": password}}
        return self.api.post("/api/users/login", sent, headers=headers)


@dataclass
class LimitedApps:
    folder: Path

    @contextmanager
    def app(self, **settings: Any) -> Iterator[Limited]:
        """The workspace's app on this folder's database, with these settings changed."""
        from conduit.app import create_app  # type: ignore[import-not-found]
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
        app = create_app(chosen)
        clock = MovingClock()
        app.state.sessions = replace(app.state.sessions, clock=clock)
        app.state.sign_in_limits.clock = clock.monotonic
        with BoundedClient(with_peers(app), raise_server_exceptions=False) as client:
            yield Limited(Api(client), app, clock)


@pytest.fixture(name="limited")
def limited_apps(pytestconfig: pytest.Config) -> Iterator[LimitedApps]:
    if pytestconfig.getoption("--lab-url"):
        pytest.skip(NOT_APPLICABLE)  # the app's code runs elsewhere, with limits of its own
    from conduit.database import Database  # type: ignore[import-not-found]

    with tempfile.TemporaryDirectory(prefix="course-limited-") as folder:
        apps = LimitedApps(Path(folder))

        async def create_tables() -> None:
            database = Database(f"sqlite+aiosqlite:///{folder}/conduit.db")
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        yield apps
