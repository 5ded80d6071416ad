"""A small client for the Conduit API, so tests read as what they check."""

import asyncio
import itertools
import re
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event
from sqlmodel import SQLModel

from reference_app.app import create_app
from reference_app.database import Database
from reference_app.settings import Settings
from tests.conftest import SERVERS, _answers, _database_name, _ensure_server_database

_serial = itertools.count()

# The spec's own pattern for `createdAt` and `updatedAt`.
TIMESTAMP = re.compile(
    r"^\d{4,}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d.\d+(?:[+-][0-2]\d:[0-5]\d|Z)$"
)

# For checks that do not depend on the database: one backend is enough, and keeps the run fast.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


# Databases whose tables this run has created from the current models, and their apps.
_created_this_run: set[str] = set()
_apps: dict[str, Litestar] = {}


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> str:
    """An empty database of each kind, as the suite-wide fixture gives, but faster.

    The tables are created once per run and emptied before each test: dropping and creating
    them for every test cost about 0.3 s a test on MariaDB and PostgreSQL.
    """
    backend: str = request.param
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path_factory.getbasetemp() / 'conduit.db'}"
    else:
        server_url, address = SERVERS[backend]
        if not _answers(address):
            pytest.skip(f"{backend} does not answer on {address[0]}:{address[1]}")
        url = await _ensure_server_database(backend, server_url, _database_name(worker_id))
    database = Database(url)
    try:
        if url not in _created_this_run:
            await database.drop_tables()
            await database.create_tables()
            _created_this_run.add(url)
        async with database.engine.begin() as connection:
            for table in reversed(SQLModel.metadata.sorted_tables):
                await connection.execute(table.delete())
    finally:
        await database.dispose()
    return url


@pytest.fixture
async def app(settings: Settings) -> Litestar:
    """The app on this test's database, built once per database: building one takes ~0.15 s."""
    if settings.database_url not in _apps:
        _apps[settings.database_url] = create_app(settings)
    app = _apps[settings.database_url]
    # The test client runs the app on an event loop of its own, and disposes of the
    # connections it made there when it stops; none are left over from the last test.
    await app.state.database.dispose()
    return app


@dataclass
class Account:
    username: str
    email: str
    password: str
    token: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class Conduit:
    """Calls the API the way a frontend would."""

    def __init__(self, client: AsyncTestClient[Litestar]) -> None:
        self.client = client

    async def register(
        self, username: str | None = None, password: str = "correct horse"
    ) -> Account:
        username = username or f"user{next(_serial)}"
        account = Account(username, f"{username}@example.org", password)
        response = await self.client.post(
            "/api/users",
            json={"user": {"username": username, "email": account.email, "password": password}},
        )
        assert response.status_code == 201, response.text
        account.token = response.json()["user"]["token"]
        account.headers = {"Authorization": f"Token {account.token}"}
        return account

    async def login(self, email: str, password: str) -> httpx.Response:
        return await self.client.post(
            "/api/users/login", json={"user": {"email": email, "password": password}}
        )

    async def create_article(self, author: Account, **fields: Any) -> dict[str, Any]:
        article = {"title": f"Title {next(_serial)}", "description": "d", "body": "b", **fields}
        response = await self.client.post(
            "/api/articles", json={"article": article}, headers=author.headers
        )
        assert response.status_code == 201, response.text
        return dict(response.json()["article"])

    async def article(self, slug: str, viewer: Account | None = None) -> dict[str, Any]:
        response = await self.client.get(f"/api/articles/{slug}", headers=_headers(viewer))
        assert response.status_code == 200, response.text
        return dict(response.json()["article"])

    async def articles(self, viewer: Account | None = None, **params: Any) -> dict[str, Any]:
        """A page of `GET /api/articles` with the given query parameters."""
        response = await self.client.get("/api/articles", params=params, headers=_headers(viewer))
        assert response.status_code == 200, response.text
        return dict(response.json())

    async def favorite(self, account: Account, slug: str) -> dict[str, Any]:
        response = await self.client.post(f"/api/articles/{slug}/favorite", headers=account.headers)
        assert response.status_code == 200, response.text
        return dict(response.json()["article"])

    async def follow(self, follower: Account, username: str) -> dict[str, Any]:
        response = await self.client.post(
            f"/api/profiles/{username}/follow", headers=follower.headers
        )
        assert response.status_code == 200, response.text
        return dict(response.json()["profile"])

    async def comment(self, author: Account, slug: str, body: str = "Nice!") -> dict[str, Any]:
        response = await self.client.post(
            f"/api/articles/{slug}/comments",
            json={"comment": {"body": body}},
            headers=author.headers,
        )
        assert response.status_code == 200, response.text
        return dict(response.json()["comment"])

    async def comments(self, slug: str, viewer: Account | None = None) -> list[dict[str, Any]]:
        response = await self.client.get(f"/api/articles/{slug}/comments", headers=_headers(viewer))
        assert response.status_code == 200, response.text
        return list(response.json()["comments"])


def _headers(account: Account | None) -> dict[str, str]:
    return account.headers if account else {}


def errors_of(response: httpx.Response) -> Mapping[str, list[str]]:
    """The `errors` envelope of a failed response (fails the test if there is none)."""
    body = response.json()
    assert set(body) == {"errors"}, f"expected an error envelope, got {body}"
    return dict(body["errors"])


@pytest.fixture
def conduit(client: AsyncTestClient[Litestar]) -> Conduit:
    return Conduit(client)


class OverlappingTransport(httpx.AsyncBaseTransport):
    """Starts each request as a task of its own on the app's event loop.

    AsyncTestClient hands a request to the app's loop and *blocks* the caller's loop until the
    answer comes, so `asyncio.gather` over it sends requests one after the other and can never
    show a race. This transport lets the requests overlap, as a real server's would.
    """

    def __init__(self, client: AsyncTestClient[Litestar]) -> None:
        self._portal = client.blocking_portal
        self._asgi = httpx.ASGITransport(app=client.app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        answer = self._portal.start_task_soon(self._asgi.handle_async_request, request)
        return await asyncio.wrap_future(answer)


@pytest.fixture
async def racing_client(client: AsyncTestClient[Litestar]) -> AsyncIterator[httpx.AsyncClient]:
    """A client whose requests, gathered, really run at the same time on the app."""
    transport = OverlappingTransport(client)
    async with httpx.AsyncClient(transport=transport, base_url=str(client.base_url)) as racing:
        yield racing


@pytest.fixture
async def database(settings: Settings) -> AsyncIterator[Database]:
    """The test's database, opened on the test's own event loop to look behind the API."""
    database = Database(settings.database_url, cipher=settings.field_cipher)
    yield database
    await database.dispose()


@contextmanager
def recorded_statements(app: Litestar) -> Iterator[list[str]]:
    """Collect every SQL statement the app sends while the block runs."""
    statements: list[str] = []

    def record(*args: Any) -> None:
        statements.append(args[2])  # (conn, cursor, statement, parameters, context, many)

    engine = app.state.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)
