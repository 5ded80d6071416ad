"""The database: one engine per app, and a session per request.

SQLite needs care when many requests write at once. A plain `BEGIN` starts a *read*
transaction; when it later tries to write while another connection is writing, SQLite answers
"database is locked" at once, without waiting, because waiting could deadlock. So write
transactions here start with `BEGIN IMMEDIATE`, which takes the write lock up front and waits
(up to the busy timeout) for it. WAL mode lets readers carry on while one connection writes.

Reads (GET, HEAD, OPTIONS, and handlers marked read-only) run without a transaction on SQLite
and PostgreSQL: each statement sees what was committed when it ran. On PostgreSQL that is what
its default isolation (READ COMMITTED) gives inside a transaction too, so BEGIN and COMMIT cost
two round trips and bought nothing. On SQLite a transaction would hold one snapshot for all the
statements of a request; without it a page and its count, read a moment apart, may disagree by
a write that landed between them, which a list being written to shows anyway a moment later.
MariaDB keeps its transactions: switching its connections to autocommit costs round trips too.
"""

from collections.abc import AsyncIterator, Awaitable, Callable
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
from reference_app.sqlite_driver import engine_options

BUSY_TIMEOUT_MS = 10_000

# The pool: connections a worker keeps open, and when it replaces them.
# - 20 at most, all kept (no overflow): a worker serves many requests at once, but on one CPU it
#   runs only a few queries at a time; more connections would queue in the database instead of
#   here. Overflow connections were opened under load and closed as soon as returned: tens to a
#   hundred new PostgreSQL connections in 5 s, each costing a process fork there. 4 workers x 20
#   stay under PostgreSQL's default of 100 connections, with room for migrations and psql.
# - Replaced after 30 minutes: before a firewall, a proxy or the server (MariaDB's wait_timeout)
#   drops them for being idle. So checkouts skip the "pre-ping" (one extra round trip each, three
#   per request as sessions were used): a connection that died all the same (the database
#   restarted) fails one request, and SQLAlchemy then replaces every connection of its age.
POOL_SIZE = 20
POOL_RECYCLE_SECONDS = 30 * 60
POOL_TIMEOUT_SECONDS = 10  # a request waits this long for a free connection, then fails (500)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# A handler parameter `session: Session` receives the request's database session.
Session = NamedDependency[AsyncSession]
# Run with a writing session once it has committed, before the answer goes out.
AfterCommit = Callable[[AsyncSession], Awaitable[None]]


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
        self.engine: AsyncEngine = create_async_engine(
            url,
            echo=echo,
            pool_size=POOL_SIZE,
            max_overflow=0,
            pool_recycle=POOL_RECYCLE_SECONDS,
            pool_timeout=POOL_TIMEOUT_SECONDS,
            # On SQLite, each statement in one call to aiosqlite's thread (see sqlite_driver.py).
            **engine_options(url),
        )
        self.durable = durable
        self.cipher = cipher
        # The response cache forgets here what a write changed (see caching/changes.py).
        self.after_commit: list[AfterCommit] = []
        if self.engine.dialect.name == "sqlite":
            if self.engine.url.database not in (None, "", ":memory:"):
                Path(self.engine.url.database).parent.mkdir(parents=True, exist_ok=True)
            _configure_sqlite(self.engine, durable=durable)
        writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        info = {CIPHER: cipher}
        # Reads take no transaction where that saves round trips (see above).
        self.reader: AsyncEngine = _without_transaction(self.engine)
        self._reading = async_sessionmaker(self.reader, expire_on_commit=False, info=info)
        self._writing = async_sessionmaker(writer, expire_on_commit=False, info=info)

    def session(self, *, write: bool) -> AsyncSession:
        return (self._writing if write else self._reading)()

    async def create_tables(self) -> None:
        # Importing the models registers their tables on SQLModel.metadata.
        from reference_app import models  # noqa: F401

        async with self.engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.create_all)
            # create_all skips tables that exist, and with them the indexes added since: those
            # are created here, so an existing database gets every index the models declare.
            await connection.run_sync(_create_missing_indexes)

    async def empty_tables(self) -> None:
        """Delete every row of every table, keeping the tables (and where migrations are)."""
        from reference_app import models  # noqa: F401

        async with self.engine.begin() as connection:
            for table in reversed(SQLModel.metadata.sorted_tables):  # those referring first
                await connection.execute(table.delete())

    async def drop_tables(self) -> None:
        from reference_app import models  # noqa: F401

        async with self.engine.begin() as connection:
            await connection.run_sync(SQLModel.metadata.drop_all)

    async def dispose(self) -> None:
        await self.engine.dispose()


def _create_missing_indexes(connection: Connection) -> None:
    for table in SQLModel.metadata.sorted_tables:
        for index in table.indexes:
            index.create(connection, checkfirst=True)


def _without_transaction(engine: AsyncEngine) -> AsyncEngine:
    """The engine that reads: each statement on its own, where that saves round trips."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_begin=None)  # see `on_begin` below
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


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

    _end_only_open_transactions(engine)

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(connection: Connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        if mode is not None:  # None: the driver stays in autocommit, each statement on its own
            connection.exec_driver_sql(f"BEGIN {mode}")


def _end_only_open_transactions(engine: AsyncEngine) -> None:
    """Skip COMMIT and ROLLBACK when no transaction is open, as after a read.

    Each call to the driver is a round trip to the thread that owns the SQLite connection. A
    read runs no BEGIN (see `on_begin`), yet its session still commits at the end, and the
    pool rolls back every connection it takes back: two of the six round trips of a read of
    the tags, for nothing. SQLite itself knows whether a transaction is open.
    """
    dialect = engine.sync_engine.dialect
    commit, rollback = dialect.do_commit, dialect.do_rollback

    def transaction_open(dbapi_connection: Any) -> bool:
        try:
            return bool(dbapi_connection.driver_connection.in_transaction)
        except ValueError:  # aiosqlite's connection is closed: there is nothing to end
            return False

    def commit_if_open(dbapi_connection: Any) -> None:
        if transaction_open(dbapi_connection):
            commit(dbapi_connection)

    def rollback_if_open(dbapi_connection: Any) -> None:
        if transaction_open(dbapi_connection):
            rollback(dbapi_connection)

    dialect.do_commit = commit_if_open  # type: ignore[method-assign]
    dialect.do_rollback = rollback_if_open  # type: ignore[method-assign]


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
            if write:
                for hook in database.after_commit:
                    await hook(session)
