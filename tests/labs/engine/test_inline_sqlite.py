"""SQLite calls run on the event loop's thread only where no lock can make them wait."""

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from aiosqlite.core import Connection

from labs.engine import inline_sqlite

BUSY_TIMEOUT_MS = 10_000  # how long a call that waited for a lock on the loop's thread holds it


@pytest.fixture(autouse=True)
def _installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Connection, "_execute", Connection._execute)  # put back after the test
    assert inline_sqlite.install()
    inline_sqlite.runs.clear()


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "app.db"
    with sqlite3.connect(path) as setup:
        setup.execute("PRAGMA journal_mode=WAL")
        setup.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    return path


@asynccontextmanager
async def _connected(path: Path, **kwargs: Any) -> AsyncIterator[aiosqlite.Connection]:
    async with aiosqlite.connect(path, isolation_level=None, **kwargs) as connection:
        await connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        yield connection


async def _threaded_once() -> None:
    while not inline_sqlite.runs["threaded"]:  # noqa: ASYNC110 - a count, not an event, says it
        await asyncio.sleep(0)


async def test_calls_of_a_lone_connection_run_inline_and_answer_as_before(database: Path) -> None:
    async with _connected(database, check_same_thread=False) as connection:
        await connection.execute("INSERT INTO notes (text) VALUES ('a'), ('b')")
        async with connection.execute("SELECT text FROM notes ORDER BY id") as cursor:
            assert [row[0] async for row in cursor] == ["a", "b"]
    assert inline_sqlite.runs["inline"] > 0
    assert inline_sqlite.runs["threaded"] == 0


async def test_a_writer_waiting_for_another_writers_lock_waits_on_its_thread(
    database: Path,
) -> None:
    async with (
        _connected(database, check_same_thread=False) as first,
        _connected(database, check_same_thread=False) as second,
    ):
        await first.execute("BEGIN IMMEDIATE")
        await first.execute("INSERT INTO notes (text) VALUES ('first')")

        async def write_second() -> None:
            await second.execute("BEGIN IMMEDIATE")  # waits for `first` to commit
            await second.execute("INSERT INTO notes (text) VALUES ('second')")
            await second.execute("COMMIT")

        waiting = asyncio.create_task(write_second())
        # Until its BEGIN went to its thread (on the loop, it would hold the loop: then fail).
        await asyncio.wait_for(_threaded_once(), BUSY_TIMEOUT_MS / 1000)
        await first.execute("COMMIT")  # on the loop, which a lock wait there would hold
        await waiting
        async with first.execute("SELECT text FROM notes ORDER BY id") as cursor:
            assert [row[0] async for row in cursor] == ["first", "second"]


async def test_a_connection_bound_to_its_thread_keeps_using_it(database: Path) -> None:
    async with _connected(database) as connection:  # check_same_thread left on
        await connection.execute("INSERT INTO notes (text) VALUES ('kept')")
        async with connection.execute("SELECT count(*) FROM notes") as cursor:
            assert await cursor.fetchone() == (1,)
    assert inline_sqlite.runs["threaded"] > 0


async def test_every_call_lets_other_tasks_run_as_waiting_for_the_thread_did(
    database: Path,
) -> None:
    ran: list[str] = []

    async def other_task() -> None:
        ran.append("other task")

    async with _connected(database, check_same_thread=False) as connection:
        other = asyncio.create_task(other_task())
        await connection.execute("SELECT 1")
        assert ran == ["other task"], "the other task ran while the call was made"
        await other
    assert inline_sqlite.runs["inline"] > 0
