"""The SQLite driver under the async engine: aiosqlite, with each statement in one call.

aiosqlite gives each SQLite connection a thread of its own. Every call (open a cursor, execute,
fetch the rows, close the cursor, commit) is put on that thread's queue, and its answer comes
back by waking the event loop. SQLAlchemy's aiosqlite adapter makes four such calls per
statement, and handing a call over and waking up for its answer costs more than a short SELECT
itself: profiles of the reference's read path found its time there rather than in SQLite.

So here a statement is one call: on the connection's thread it opens a cursor, executes, fetches
every row, reads what the cursor tells (columns, row count, last row id) and closes the cursor;
the rows are then served from memory, as SQLAlchemy's adapter serves them after its own
`fetchall`. aiosqlite still owns the thread and its queue; only the number of trips changes.

Measured side by side in one process (CPU time of all its threads, batches alternating): a
SELECT of five rows takes 0.49 of the CPU it took; a request to /health (one statement) 0.74
to 0.79 of it, to the article list (three statements) 0.80 to 0.85. Calls to the thread per
request: /health and the tags 4 -> 1, the article list 12 -> 3, one article 8 -> 2.

Server-side cursors (`stream()`), which fetch rows as they are read, keep aiosqlite's own.
"""

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any, NamedTuple

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.engine import make_url
from sqlalchemy.util.concurrency import await_

Description = tuple[tuple[Any, ...], ...] | None


class Ran(NamedTuple):
    """What a cursor shows after a statement, read before it closed."""

    description: Description
    rows: list[Any]
    rowcount: int
    lastrowid: int | None


class StatementConnection(sqlite3.Connection):
    """A sqlite3 connection that runs a whole statement in one method call.

    A method of the connection itself (rather than a function given the connection) is what
    aiosqlite's callers recognise as SQLite's own call: see labs/engine/inline_sqlite.py.
    """

    def run_statement(self, operation: str, parameters: Sequence[Any] | dict[str, Any]) -> Ran:
        cursor = self.cursor()
        try:
            cursor.execute(operation, parameters)
            rows = cursor.fetchall()  # before rowcount: SQLite counts RETURNING rows as read
            return Ran(cursor.description, rows, cursor.rowcount, cursor.lastrowid)
        finally:
            cursor.close()

    def run_statement_many(self, operation: str, parameters: Sequence[Any]) -> Ran:
        cursor = self.cursor()
        try:
            cursor.executemany(operation, parameters)
            return Ran(cursor.description, [], cursor.rowcount, cursor.lastrowid)
        finally:
            cursor.close()


class BufferedCursor(AsyncAdapt_aiosqlite_cursor):
    """A DBAPI cursor whose statement ran in one call and whose rows wait in memory.

    It holds no aiosqlite cursor, so opening and closing it costs no call to the thread.
    """

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._rows = collections.deque()
        self._description: Description = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Description:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]  # None before an INSERT, as sqlite3

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._run("run_statement", operation, () if parameters is None else parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._run("run_statement_many", operation, seq_of_parameters)

    def _run(self, method: str, operation: str, parameters: Any) -> None:
        # No lock around the call, unlike SQLAlchemy's adapter: it guarded the gap between
        # execute and fetchall, which a single call does not have. The queue keeps the order.
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        try:
            run = getattr(connection._conn, method)  # ValueError once closed, as aiosqlite says
            ran: Ran = await_(connection._execute(run, operation, parameters))  # type: ignore[no-untyped-call]
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._description, self._rowcount, self._lastrowid = (
            ran.description,
            ran.rowcount,
            ran.lastrowid,
        )
        self._rows = collections.deque(ran.rows)

    async def _async_soft_close(self) -> None:
        """Nothing to close: the statement's cursor closed on the thread."""

    def close(self) -> None:
        self._rows.clear()

    def nextset(self) -> None:
        """SQLite runs one statement at a time: there is never a next result set."""

    def setinputsizes(self, *inputsizes: Any) -> None:
        """sqlite3 ignores sizes too."""


class OneCallConnection(AsyncAdapt_aiosqlite_connection):
    """SQLAlchemy's aiosqlite connection, with cursors that run a statement in one call."""

    __slots__ = ()
    _cursor_cls = BufferedCursor


class OneCallDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy adapts it, opening `StatementConnection`s."""

    def __init__(self) -> None:
        super().__init__(aiosqlite, sqlite3)

    def connect(self, *arg: Any, **kw: Any) -> OneCallConnection:
        connection = self.aiosqlite.connect(*arg, factory=StatementConnection, **kw)
        connection._thread.daemon = True  # as SQLAlchemy's: a lost connection must not hang exit
        return OneCallConnection(self, await_(connection))


def engine_options(url: str) -> dict[str, Any]:
    """What `create_async_engine` needs to run an aiosqlite URL with one call per statement.

    `module` is SQLAlchemy's documented way to hand a dialect another DBAPI: the URL, the
    dialect and everything they decide (pool, SQL, types) stay those of `sqlite+aiosqlite`.
    """
    if make_url(url).drivername != "sqlite+aiosqlite":
        return {}
    return {"module": OneCallDBAPI()}
