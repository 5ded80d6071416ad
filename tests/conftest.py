"""Fixtures shared by the whole suite: settings, databases, an app and a client for it.

API tests run once per database: always SQLite, and PostgreSQL and MariaDB when they answer
on this machine (skipped, with the reason, when they don't).
"""

import asyncio
import os
import re
import socket
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psutil
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from reference_app.app import create_app
from reference_app.database import Database
from reference_app.settings import Settings

TEST_SECRET = "test-secret-that-is-long-enough-for-production-use"
# Fixed keys, so that every app and database a test opens on one database agree.
TEST_ENCRYPTION_KEYS = "k1:xSKkPdHHy1079ukQAEuLlNrssks0fwArsa80b9-NoW0"
TEST_BLIND_INDEX_KEY = "4Usv_8boP511JP-KAD_okIKBO1UhSx2PBKt9oP7rJH8"
SERVERS = {
    "postgresql": (
        os.environ.get("TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432"),
        ("127.0.0.1", 5432),
    ),
    "mariadb": (
        os.environ.get("TEST_MARIADB_URL", "mysql+aiomysql://root@127.0.0.1:3306"),
        ("127.0.0.1", 3306),
    ),
}


def _answers(address: tuple[str, int]) -> bool:
    try:
        with socket.create_connection(address, timeout=1):
            return True
    except OSError:
        return False


def _database_name(worker_id: str) -> str:
    """This worker's database: named after its process too, so that two runs at once never meet."""
    return f"conduit_test_{worker_id}_{os.getpid()}".replace("-", "_")


OURS = re.compile(r"conduit_test_\w+_(\d+)")
_created: set[tuple[str, str, str]] = set()  # (backend, server URL, database name)


def _admin(backend: str, server_url: str) -> AsyncEngine:
    if backend == "postgresql":
        return create_async_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    return create_async_engine(f"{server_url}/mysql", isolation_level="AUTOCOMMIT")


async def _drop(backend: str, server_url: str, names: list[str]) -> None:
    admin = _admin(backend, server_url)
    async with admin.connect() as connection:
        for name in names:
            quoted = f'"{name}"' if backend == "postgresql" else f"`{name}`"
            force = " WITH (FORCE)" if backend == "postgresql" else ""
            await connection.execute(text(f"DROP DATABASE IF EXISTS {quoted}{force}"))
    await admin.dispose()


async def _ensure_server_database(backend: str, server_url: str, name: str) -> str:
    """Create this test worker's own database on the server, and return its URL.

    Databases left by runs whose process is gone (killed before they cleaned up) are dropped.
    """
    admin = _admin(backend, server_url)
    async with admin.connect() as connection:
        listing = "SELECT datname FROM pg_database" if backend == "postgresql" else "SHOW DATABASES"
        existing = list((await connection.scalars(text(listing))).all())
    await admin.dispose()
    stale = [
        found
        for found in existing
        if (match := OURS.fullmatch(found)) and not psutil.pid_exists(int(match[1]))
    ]
    await _drop(backend, server_url, stale)
    if name not in existing:
        admin = _admin(backend, server_url)
        async with admin.connect() as connection:
            if backend == "postgresql":
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
            else:
                await connection.execute(text(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4"))
        await admin.dispose()
        _created.add((backend, server_url, name))
    return f"{server_url}/{name}"


@pytest.fixture(scope="session", autouse=True)
def _drop_server_databases() -> Iterator[None]:
    """Each worker drops the databases it made once its tests are done."""
    yield
    for backend, server_url, name in sorted(_created):
        asyncio.run(_drop(backend, server_url, [name]))


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, worker_id: str
) -> AsyncIterator[str]:
    """A fresh, empty database of each kind this machine has, one per test."""
    backend: str = request.param
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'conduit.db'}"
        return
    server_url, address = SERVERS[backend]
    if not _answers(address):
        pytest.skip(f"{backend} does not answer on {address[0]}:{address[1]}")
    url = await _ensure_server_database(backend, server_url, _database_name(worker_id))
    database = Database(url)
    await database.drop_tables()
    await database.dispose()
    yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        encryption_keys=TEST_ENCRYPTION_KEYS,  # type: ignore[arg-type]
        blind_index_key=TEST_BLIND_INDEX_KEY,  # type: ignore[arg-type]
        bcrypt_rounds=4,
    )


@pytest.fixture
async def app(settings: Settings) -> Litestar:
    app = create_app(settings)
    database: Database = app.state.database
    await database.create_tables()
    # The test client runs the app on an event loop of its own: connections made on this
    # loop must not be handed to it. The app's shutdown disposes of the ones it makes.
    await database.dispose()
    return app


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as client:
        yield client
