"""The limited apps of the checks, served from inside the grader's sandbox (`course grade`).

When grading, the learner's code never runs in the checks' process. The checks that need the
app with limits, proxies and a clock of their own (`limited.py`), or that call `_use_up`
themselves (`test_compare_and_set.py`), then ask this service for what they would otherwise do
in-process: start the app with chosen settings, send it a request from a chosen address, move
its clock, or race two uses of one refresh token. It runs beside the learner's app in a sandbox
of its own, on a database in its own folder, and answers one JSON line per connection on the
socket it is handed (`labs/engine/served.py` asks). The checks judge what it answers.

Its `Service` is served by `labs/engine/service_loop.py`, as every lab's is.

It uses the standard library, the learner's package and what that package imports, nothing
of the course's: the checks import `with_peers`, `MovingClock` and `used_up_twice` from here.
"""

import asyncio
import base64
import os
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# What the checks' client sends by URL: the test client would say "testclient", which code
# that behaves only while it is checked could look for.
USER_AGENT = "python-httpx"
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
        self.moved = False  # whether a check moved it (an app kept for others must not be)

    def __call__(self) -> datetime:
        return self.now

    def monotonic(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
        self.seconds += seconds
        self.moved = True


def limited_app(settings: Any, clock: MovingClock) -> Any:
    """The workspace's app with these settings, its sessions and limits on `clock`."""
    from conduit.app import create_app

    app = create_app(settings)
    app.state.sessions = replace(app.state.sessions, clock=clock)
    app.state.sign_in_limits.clock = clock.monotonic
    return with_peers(app)


async def used_up_twice(folder: str) -> tuple[bool, bool]:
    """`_use_up` on one token from two database sessions that both read it before either wrote."""
    from conduit.database import Database
    from conduit.sessions.models import RefreshToken, SignInSession
    from conduit.sessions.store import _use_up
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    url = f"sqlite+aiosqlite:///{folder}/race.db"
    database = Database(url)
    await database.create_tables()
    await database.dispose()
    engine = create_async_engine(url)  # no foreign keys enforced: no user row is needed
    now = datetime.now(UTC)
    try:
        async with AsyncSession(engine, expire_on_commit=False) as setup:
            family = SignInSession(
                id="f" * 32, user_id=1, created_at=now, expires_at=now + timedelta(days=1)
            )
            token = RefreshToken(
                token_hash="0" * 64,
                session_id=family.id,
                issued_at=now,
                expires_at=now + timedelta(hours=1),
            )
            setup.add_all([family, token])
            await setup.commit()
            token_id = token.id
        results = []
        async with (
            AsyncSession(engine, expire_on_commit=False) as one,
            AsyncSession(engine, expire_on_commit=False) as two,
        ):
            first: Any = await one.get(RefreshToken, token_id)
            second: Any = await two.get(RefreshToken, token_id)
            await one.commit()
            await two.commit()  # both now hold the token as unused, read before either wrote
            results.append(await _use_up(one, first, now))
            await one.commit()
            results.append(await _use_up(two, second, now))
            await two.commit()
        return results[0], results[1]
    finally:
        await engine.dispose()


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


class Service:
    """The state between commands: the app started with its settings, and its clock."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.client: Any = None
        self.clock = MovingClock()

    @property
    def database_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.folder}/conduit.db"

    def reset(self) -> dict[str, Any]:
        """A fresh, empty database, no app running."""
        from conduit.database import Database

        self.stop()
        for path in self.folder.glob("conduit.db*"):
            path.unlink()

        async def create_tables() -> None:
            database = Database(self.database_url)
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        return {}

    def start(self, settings: dict[str, Any]) -> dict[str, Any]:
        from conduit.settings import Settings
        from litestar.testing import TestClient

        self.stop()
        chosen = Settings(
            environment="production",  # as deployed, like the app the grader serves
            response_cache=False,
            database_url=self.database_url,
            data_dir=self.folder,
            secret_key=SECRET,
            bcrypt_rounds=4,
            encryption_keys=f"k1:{_key()}",  # production refuses to start without keys
            blind_index_key=_key(),
            **settings,
        )
        self.clock = MovingClock()
        client = TestClient(limited_app(chosen, self.clock), base_url="http://sandbox")
        client.headers["user-agent"] = USER_AGENT
        client.__enter__()
        self.client = client
        return {}

    def stop(self) -> dict[str, Any]:
        if self.client is not None:
            client, self.client = self.client, None
            client.__exit__(None, None, None)
        return {}

    def advance(self, seconds: float) -> dict[str, Any]:
        self.clock.advance(seconds)
        return {}

    def request(self, method: str, url: str, headers: list[list[str]], body: str) -> dict[str, Any]:
        if self.client is None:
            raise RuntimeError("no app started")
        reply = self.client.request(
            method, url, headers=[tuple(pair) for pair in headers], content=base64.b64decode(body)
        )
        return {
            "status": reply.status_code,
            "headers": [list(pair) for pair in reply.headers.multi_items()],
            "body": base64.b64encode(reply.content).decode(),
        }

    def used_up_twice(self) -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="race-", dir=self.folder) as folder:
            first, second = asyncio.run(used_up_twice(folder))
        return {"results": [first, second]}
