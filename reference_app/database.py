"""The database: one engine per app, and a session per request.

SQLite needs care when many requests write at once. A plain `BEGIN` starts a *read*
transaction; when it later tries to write while another connection is writing, SQLite answers
"database is locked" at once, without waiting, because waiting could deadlock. So write
transactions here start with `BEGIN IMMEDIATE`, which takes the write lock up front and waits
(up to the busy timeout) for it. WAL mode lets readers carry on while one connection writes.
"""

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from sqlmodel import SQLModel

from reference_app.encryption.cipher import FieldCipher
from reference_app.encryption.orm import CIPHER

BUSY_TIMEOUT_MS = 10_000
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# A handler parameter `session: Session` receives the request's database session.
Session = NamedDependency[AsyncSession]


class Database:
    """An engine and the two kinds of session the app opens on it: reading and writing.

    Sessions carry `cipher`, the keys that open and seal personal data (see encryption/):
    without it, everything but the sealed fields can still be read and written.
    """

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        durable: bool = True,
        cipher: FieldCipher | None = None,
    ) -> None:
        self.engine: AsyncEngine = create_async_engine(url, echo=echo, pool_pre_ping=True)
        self.durable = durable
        self.cipher = cipher
        if self.engine.dialect.name == "sqlite":
            if self.engine.url.database not in (None, "", ":memory:"):
                Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
            _configure_sqlite(self.engine, durable=durable)
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        info = {CIPHER: cipher}
        self._reading = async_sessionmaker(self.engine, expire_on_commit=False, info=info)
        self._writing = async_sessionmaker(writer, expire_on_commit=False, info=info)

    def session(self, *, write: bool) -> AsyncSession:
        return (self._writing if write else self._reading)()

    async def create_tables(self) -> None:
        # Importing the models registers their tables on SQLModel.metadata.
        from reference_app import models  # noqa: F401

        async with self.engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.create_all)

    async def drop_tables(self) -> None:
        from reference_app import models  # noqa: F401

        async with self.engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.drop_all)

    async def dispose(self) -> None:
        await self.engine.dispose()


def _configure_sqlite(engine: AsyncEngine, *, durable: bool) -> None:
    """Turn on WAL, a busy timeout and foreign keys, and take over BEGIN from the driver.

    `durable` chooses `synchronous=FULL`: each commit waits until the disk has it, so a power
    cut loses nothing acknowledged. `NORMAL` (development and tests) syncs only at checkpoints:
    commits are cheaper, and a power cut (not a crash of the app) may lose the last ones.
    """
    synchronous = "FULL" if durable else "NORMAL"

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Stop the driver from issuing its own deferred BEGIN; `on_begin` below does it.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA synchronous={synchronous}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")


async def provide_session(
    request: Request[Any, Any, State], state: State
) -> AsyncIterator[AsyncSession]:
    """One session per request, committed when the handler succeeds and rolled back otherwise.

    Requests that change data get a writing session, except handlers marked
    `opt={"read_only": True}` (login reads a user and then spends a while in bcrypt: holding
    the write lock through that would make every other writer wait).
    """
    database: Database = state.database
    write = request.method not in SAFE_METHODS and not request.route_handler.opt.get("read_only")
    async with database.session(write=write) as session:
        try:
            yield session
        except Exception:
            await session.rollback()
            raise
        else:
            await session.commit()
