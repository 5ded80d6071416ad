"""The SQLite driver: one call to aiosqlite's thread per statement, answering as aiosqlite does."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import Result, bindparam, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from labs.engine import inline_sqlite
from reference_app.sqlite_driver import engine_options

Statement = Callable[[AsyncConnection], Any]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}"


@pytest.fixture
async def one_call(url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(url, **engine_options(url))
    yield engine
    await engine.dispose()


@pytest.fixture
async def stock(url: str) -> AsyncIterator[AsyncEngine]:
    """SQLAlchemy's own aiosqlite adapter on the same file, to compare answers with."""
    engine = create_async_engine(url)
    yield engine
    await engine.dispose()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of each call handed to a connection's thread (inline_sqlite's hook too)."""
    sent: list[str] = []
    to_thread = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(fn, "__name__", ""))
        return await to_thread(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return sent


async def _fill(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL UNIQUE)")
        )
        await connection.execute(text("INSERT INTO notes (body) VALUES ('a'), ('b'), ('c')"))


async def _answers(engine: AsyncEngine) -> list[Any]:
    """What a range of statements answer, in the forms SQLAlchemy reads a cursor."""
    answers: list[Any] = []
    async with engine.begin() as connection:
        select = text("SELECT id, body FROM notes ORDER BY id")
        result: Result[Any] = await connection.execute(select)
        answers.append((list(result.keys()), result.fetchone(), result.fetchmany(1), result.all()))
        inserted = await connection.execute(text("INSERT INTO notes (body) VALUES ('d')"))
        answers.append((inserted.rowcount, inserted.lastrowid))
        returned = await connection.execute(
            text("UPDATE notes SET body = body || '!' WHERE id > 2 RETURNING id")
        )
        answers.append((sorted(returned.scalars()), returned.rowcount))
        updated = await connection.execute(
            text("UPDATE notes SET body = upper(body) WHERE id = :id"),
            [{"id": 1}, {"id": 2}, {"id": 99}],  # executemany: rowcount sums the rows changed
        )
        answers.append(updated.rowcount)
        in_list = text("SELECT body FROM notes WHERE id IN :ids ORDER BY id").bindparams(
            bindparam("ids", expanding=True)
        )
        answers.append((await connection.execute(in_list, {"ids": [1, 4]})).scalars().all())
        nothing = await connection.execute(text("SELECT body FROM notes WHERE id = 0"))
        answers.append((nothing.first(), nothing.returns_rows))
        streamed = await connection.stream(text("SELECT id FROM notes ORDER BY id"))
        answers.append([row async for row in streamed.scalars()])
    return answers


async def test_statements_answer_as_with_sqlalchemys_own_aiosqlite_adapter(
    url: str, one_call: AsyncEngine, stock: AsyncEngine
) -> None:
    await _fill(stock)
    expected = await _answers(stock)
    async with stock.begin() as connection:
        await connection.execute(text("DROP TABLE notes"))
    await _fill(one_call)
    assert await _answers(one_call) == expected
    assert expected[1] == (1, 4), "the comparison should have seen an insert's row id"


async def test_a_statement_is_one_call_to_the_connections_thread(
    one_call: AsyncEngine, stock: AsyncEngine, calls: list[str]
) -> None:
    """Each call costs a hand-over to the thread and a wake-up of the event loop."""
    await _fill(one_call)
    stocks = ["cursor", "execute", "fetchall", "close"]
    for engine, expected in ((one_call, ["run_statement"]), (stock, stocks)):
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))  # the connection opened and set up
            calls.clear()
            rows = (await connection.execute(text("SELECT body FROM notes"))).all()
            assert rows == [("a",), ("b",), ("c",)]
            assert calls == expected


async def test_a_failed_statement_raises_sqlalchemys_error_and_the_connection_goes_on(
    one_call: AsyncEngine,
) -> None:
    await _fill(one_call)
    async with one_call.connect() as connection:
        with pytest.raises(IntegrityError, match="UNIQUE"):
            await connection.execute(text("INSERT INTO notes (body) VALUES ('a')"))
        await connection.rollback()
        count = (await connection.execute(text("SELECT count(*) FROM notes"))).scalar_one()
    assert count == 3


async def test_a_closed_connection_is_reported_as_one(one_call: AsyncEngine) -> None:
    """SQLAlchemy replaces a connection whose driver says it is closed; it must be told so."""
    async with one_call.connect() as connection:
        raw = await connection.get_raw_connection()
        assert raw.driver_connection is not None
        await raw.driver_connection.close()
        with pytest.raises(Exception, match="no active connection") as raised:
            await connection.execute(text("SELECT 1"))
        assert raised.value.connection_invalidated  # type: ignore[attr-defined]


@pytest.mark.parametrize("installed", [True, False], ids=["inline-installed", "uninstalled"])
async def test_statements_run_with_course_checks_inline_sqlite_and_without(
    one_call: AsyncEngine, monkeypatch: pytest.MonkeyPatch, installed: bool
) -> None:
    """`course check` runs a lone connection's calls on the loop's thread: ours are among them."""
    monkeypatch.setattr(aiosqlite.Connection, "_execute", aiosqlite.Connection._execute)
    if installed:
        assert inline_sqlite.install()
    inline_sqlite.runs.clear()
    await _fill(one_call)
    async with one_call.connect() as connection:
        bodies = (await connection.execute(text("SELECT body FROM notes"))).scalars().all()
    assert bodies == ["a", "b", "c"]
    if installed:
        assert inline_sqlite.runs["inline"] > 0
        assert inline_sqlite.runs["threaded"] == 0, inline_sqlite.runs
    else:
        assert not inline_sqlite.runs


def test_only_aiosqlite_urls_change_driver() -> None:
    assert "module" in engine_options("sqlite+aiosqlite:///app.db")
    assert engine_options("postgresql+asyncpg://postgres@localhost/app") == {}
    assert engine_options("sqlite:///app.db") == {}
