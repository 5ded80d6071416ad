"""What checks that look inside the app may use: its database, read with SQL, and its token key.

    stored = inside.scalar("SELECT password_hash FROM users WHERE username = :name", name=...)
    token = jwt.encode({..., "iss": inside.issuer, "aud": inside.audience}, inside.secret_key)

The same queries run on SQLite, PostgreSQL and MariaDB (SQLAlchemy `text`, `:name` parameters).
The database may be written by a learner's app that wants to fool or hurt the checks, so it is
read defensively: a SQLite file is copied first (never followed through a link, never larger
than a cap) and read with its schema untrusted and a bound on the work a query may do; a
server's database is read as the learner's own role, with a statement timeout.
"""

import os
import shutil
import sqlite3
import stat
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # SQLAlchemy is imported when a check first reads: checks by URL start faster
    from sqlalchemy.engine import URL

# How the grader hands the checks the signing key and the database's URL (which may hold a
# password): in their environment, never on a command line that `ps` shows.
SECRET_ENV, DATABASE_ENV = "COURSE_INSIDE_SECRET", "COURSE_INSIDE_DATABASE"
# And, for a lab whose checks need a service of their own beside the app (lab 06's keyed apps,
# `checks/service.py`), the socket the grader serves it on and that service's database.
SERVICE_ENV, SERVICE_DATABASE_ENV = "COURSE_INSIDE_SERVICE", "COURSE_INSIDE_SERVICE_DATABASE"
MAX_SQLITE_BYTES = 256 * 1024 * 1024  # a database file larger than this is not read
QUERY_SECONDS = 10.0  # the longest a query of a check may take
PROGRESS_STEPS = 10_000  # SQLite virtual-machine steps between checks of the clock


class InsideError(Exception):
    """The app's database could not be read (missing, too large, not a database, too slow)."""


@dataclass(frozen=True)
class Inside:
    """The app's insides: its database (a SQLAlchemy URL) and the settings it was given."""

    database_url: str
    secret_key: str = field(repr=False)  # the key its tokens are signed with
    issuer: str
    audience: str
    bcrypt_rounds: int | None = None  # the bcrypt cost its settings say, when known
    service_socket: str | None = None  # the lab's checks service, when the grader serves one
    service_database: str | None = None  # that service's database (a SQLAlchemy URL)

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """The rows `sql` selects, as dicts by column name; `params` fill its `:name`s."""
        import asyncio  # with SQLAlchemy, when a check first reads: `course` itself needs neither

        from sqlalchemy import make_url

        url = make_url(self.database_url)
        try:
            if url.get_backend_name() == "sqlite":
                return _sqlite_rows(url, sql, params)
            return asyncio.run(asyncio.wait_for(_server_rows(url, sql, params), QUERY_SECONDS))
        except InsideError:
            raise
        except Exception as error:  # a driver's error, a timeout: said as what was tried
            said = str(error) or type(error).__name__
            raise InsideError(f"{sql!r} failed on the app's database: {said}") from error

    def scalar(self, sql: str, **params: Any) -> Any:
        """The first column of the first row `sql` selects, or None when it selects none."""
        found = self.rows(sql, **params)
        return next(iter(found[0].values())) if found else None


def _sqlite_rows(url: "URL", sql: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    with _snapshot(Path(url.database or "")) as copy:
        engine = create_engine(
            "sqlite://", creator=lambda: _open_untrusted(copy), poolclass=NullPool
        )
        try:
            with engine.connect() as connection:
                return [dict(row._mapping) for row in connection.execute(text(sql), dict(params))]
        finally:
            engine.dispose()


@contextmanager
def _snapshot(database: Path) -> Iterator[Path]:
    """A private copy of a SQLite database and its write-ahead log, as they are now.

    Reading a copy means the app can neither lock the checks out nor swap the file for a link
    to one the checks must not read: each file is opened without following links, and must be
    a regular file under the size cap.
    """
    with tempfile.TemporaryDirectory(prefix="course-inside-") as folder:
        copy = Path(folder) / "app.db"
        for suffix in ("", "-wal"):
            source = Path(f"{database}{suffix}")
            try:
                descriptor = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except FileNotFoundError:
                if suffix:
                    continue
                raise InsideError(f"the app's database {database} does not exist") from None
            except OSError as error:  # a link (ELOOP), or not readable
                raise InsideError(f"the app's database {source} cannot be read: {error}") from None
            with os.fdopen(descriptor, "rb") as handle, open(f"{copy}{suffix}", "wb") as out:
                status = os.fstat(handle.fileno())
                if not stat.S_ISREG(status.st_mode):
                    raise InsideError(f"the app's database {source} is not a regular file")
                if status.st_size > MAX_SQLITE_BYTES:
                    raise InsideError(
                        f"the app's database {source} is over {MAX_SQLITE_BYTES} bytes"
                    )
                shutil.copyfileobj(handle, out)
        yield copy


def _open_untrusted(path: Path) -> sqlite3.Connection:
    """A connection that runs no function the file's schema names, and no query for too long."""
    connection = sqlite3.connect(path, check_same_thread=False)
    connection.execute("PRAGMA trusted_schema = OFF")
    connection.execute("PRAGMA cell_size_check = ON")
    deadline = time.monotonic() + QUERY_SECONDS
    connection.set_progress_handler(lambda: int(time.monotonic() > deadline), PROGRESS_STEPS)
    return connection


async def _server_rows(url: "URL", sql: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    engine = create_async_engine(url, poolclass=NullPool, connect_args=_connect_args(url))
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text(sql), dict(params))
            return [dict(row._mapping) for row in result]
    finally:
        await engine.dispose()


def _connect_args(url: "URL") -> dict[str, Any]:
    milliseconds = str(int(QUERY_SECONDS * 1000))
    if url.get_backend_name() == "postgresql":
        return {"server_settings": {"statement_timeout": milliseconds}}
    return {}
