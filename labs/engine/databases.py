"""A fresh database on a PostgreSQL or MariaDB server for one run of checks, dropped after.

    with fresh_database("postgresql+asyncpg://postgres@127.0.0.1:5432") as url:
        ...  # the app under check uses `url`

Each database is named after the process that made it and a random part, so two runs at
once never meet; those left by runs whose process is gone (killed before they cleaned up)
are dropped by the next run.
"""

import asyncio
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import psutil
from sqlalchemy import make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

PREFIX = "course_check"
OURS = re.compile(rf"{PREFIX}_(\d+)_[0-9a-f]+")
ADMIN_DATABASES = {"postgresql": "postgres", "mysql": "mysql"}
CONNECT_SECONDS = 10


class DatabaseServerError(Exception):
    """The server's URL is not one the checks can use, or the server refused."""


def server_url(url: str) -> URL:
    """The URL of a server given with or without a database (which is ignored)."""
    parsed = make_url(url)
    if parsed.get_backend_name() not in ADMIN_DATABASES:
        raise DatabaseServerError(
            f"{parsed.get_backend_name()!r} is not a database server the checks can use: "
            "give postgresql+asyncpg://USER@HOST:PORT or mysql+aiomysql://USER@HOST:PORT"
        )
    return parsed.set(database=None)


def quoted(url: URL, name: str) -> str:
    return f'"{name}"' if url.get_backend_name() == "postgresql" else f"`{name}`"


def admin_engine(url: URL) -> AsyncEngine:
    """An engine on the server's own database, for CREATE and DROP DATABASE."""
    admin = url.set(database=ADMIN_DATABASES[url.get_backend_name()])
    return create_async_engine(admin, isolation_level="AUTOCOMMIT")


async def _names(url: URL) -> list[str]:
    engine = admin_engine(url)
    listing = (
        "SELECT datname FROM pg_database"
        if url.get_backend_name() == "postgresql"
        else "SHOW DATABASES"
    )
    try:
        async with engine.connect() as connection:
            return list((await connection.scalars(text(listing))).all())
    finally:
        await engine.dispose()


async def drop_databases(url: URL, names: list[str]) -> None:
    engine = admin_engine(url)
    force = " WITH (FORCE)" if url.get_backend_name() == "postgresql" else ""
    try:
        async with engine.connect() as connection:
            for name in names:
                await connection.execute(
                    text(f"DROP DATABASE IF EXISTS {quoted(url, name)}{force}")
                )
    finally:
        await engine.dispose()


async def create_database(url: URL, name: str, owner: str | None = None) -> None:
    engine = admin_engine(url)
    if url.get_backend_name() == "postgresql":
        statement = f"CREATE DATABASE {quoted(url, name)}"
        statement += f" OWNER {quoted(url, owner)}" if owner else ""
    else:
        statement = f"CREATE DATABASE {quoted(url, name)} CHARACTER SET utf8mb4"
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def drop_stale(url: URL, pattern: re.Pattern[str] = OURS) -> list[str]:
    """Drop the databases matching `pattern` whose process (its first group) is gone."""
    stale = [
        name
        for name in await _names(url)
        if (match := pattern.fullmatch(name)) and not psutil.pid_exists(int(match[1]))
    ]
    await drop_databases(url, stale)
    return stale


def new_name(prefix: str = PREFIX) -> str:
    return f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"


@contextmanager
def fresh_database(url: str) -> Iterator[str]:
    """The URL of a new, empty database on the server at `url`; dropped when the block ends."""
    server = server_url(url)
    name = new_name()
    try:
        asyncio.run(drop_stale(server))
        asyncio.run(create_database(server, name))
    except DatabaseServerError:
        raise
    except Exception as error:
        raise DatabaseServerError(f"could not make a database on {server!r}: {error}") from error
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(drop_databases(server, [name]))


def server_problem(url: str) -> str | None:
    """Why the checks cannot make databases on the server at `url`, or None when they can."""
    try:
        server = server_url(url)
        asyncio.run(asyncio.wait_for(_names(server), CONNECT_SECONDS))
    except DatabaseServerError as error:
        return str(error)
    except Exception as error:  # refused, unknown host, wrong user: the driver says which
        return f"{url} does not answer as a database server: {str(error) or type(error).__name__}"
    return None
