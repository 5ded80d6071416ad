"""The database: concurrent writers all succeed, and SQLite is set up for them."""

import asyncio
from typing import Any

import aiosqlite
import httpx
import pytest
from sqlalchemy import text

from reference_app.app import create_app
from reference_app.database import BUSY_TIMEOUT_MS, Database
from reference_app.settings import Settings
from tests.reference_app.conftest import Conduit, sqlite_only

WRITERS = 30


async def test_concurrent_favorites_and_comments_all_succeed_and_all_count(
    conduit: Conduit, racing_client: httpx.AsyncClient
) -> None:
    """30 readers favorite one article and comment on it at the same moment."""
    author = await conduit.register()
    readers = await asyncio.gather(*(conduit.register() for _ in range(WRITERS)))
    slug = (await conduit.create_article(author))["slug"]

    answers = await asyncio.gather(
        *(racing_client.post(f"/api/articles/{slug}/favorite", headers=r.headers) for r in readers),
        *(
            racing_client.post(
                f"/api/articles/{slug}/comments",
                json={"comment": {"body": f"Comment by {reader.username}"}},
                headers=reader.headers,
            )
            for reader in readers
        ),
    )
    statuses = [answer.status_code for answer in answers]
    assert statuses == [200] * len(answers), [a.text for a in answers if a.status_code != 200]
    assert (await conduit.article(slug))["favoritesCount"] == WRITERS
    assert len(await conduit.comments(slug)) == WRITERS


async def test_one_user_favoriting_an_article_twice_at_once_counts_once(
    conduit: Conduit, racing_client: httpx.AsyncClient
) -> None:
    author, fan = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    answers = await asyncio.gather(
        *(
            racing_client.post(f"/api/articles/{slug}/favorite", headers=fan.headers)
            for _ in range(5)
        )
    )
    assert [answer.status_code for answer in answers] == [200] * 5, [a.text for a in answers]
    assert (await conduit.article(slug, fan))["favoritesCount"] == 1


@sqlite_only
@pytest.mark.parametrize(
    ("pragma", "expected"),
    [
        pytest.param("journal_mode", "wal", id="wal"),
        pytest.param("foreign_keys", 1, id="foreign-keys"),
        pytest.param("busy_timeout", BUSY_TIMEOUT_MS, id="busy-timeout"),
    ],
)
async def test_sqlite_connections_are_set_up_for_concurrent_writers(
    database: Database, pragma: str, expected: object
) -> None:
    async with database.engine.connect() as connection:
        value = (await connection.execute(text(f"PRAGMA {pragma}"))).scalar_one()
    assert value == expected
    assert BUSY_TIMEOUT_MS >= 1000, "writers should wait for the lock, not fail at once"


@sqlite_only
@pytest.mark.parametrize(("durable", "expected"), [(True, 2), (False, 1)])  # FULL, NORMAL
async def test_sqlite_waits_for_the_disk_on_each_commit_only_when_durable(
    settings: Settings, durable: bool, expected: int
) -> None:
    database = Database(settings.database_url, durable=durable)
    try:
        async with database.engine.connect() as connection:
            value = (await connection.execute(text("PRAGMA synchronous"))).scalar_one()
    finally:
        await database.dispose()
    assert value == expected


@sqlite_only
def test_production_runs_sqlite_durable_and_tests_do_not(settings: Settings) -> None:
    production = settings.model_copy(update={"environment": "production"})
    assert create_app(production).state.database.durable
    assert not create_app(settings).state.database.durable


@sqlite_only
async def test_creating_tables_adds_the_indexes_an_existing_database_lacks(
    database: Database,
) -> None:
    """A database made before an index was declared gets it the next time the app starts."""
    async with database.engine.begin() as connection:
        await connection.execute(text("DROP INDEX ix_articles_author_id_created_at_id"))
    await database.create_tables()
    async with database.engine.connect() as connection:
        names = (await connection.execute(text("PRAGMA index_list(articles)"))).all()
    assert "ix_articles_author_id_created_at_id" in {row[1] for row in names}, names


@sqlite_only
async def test_a_read_is_one_round_trip_to_sqlite_and_a_write_still_commits(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each call to the driver is a round trip to its thread: a read of one statement makes one.

    It has no transaction to end (no COMMIT, no ROLLBACK), and its statement runs whole in one
    call (see sqlite_driver.py).
    """
    async with database.session(write=False) as session:  # the connection opened and set up
        await session.execute(text("SELECT 1"))
    sent: list[str] = []
    to_thread = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(getattr(fn, "__name__", ""))
        return await to_thread(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    async with database.session(write=False) as session:
        await session.execute(text("SELECT 1"))
        await session.commit()
    assert sent == ["run_statement"]

    sent.clear()
    async with database.session(write=True) as session:
        await session.execute(text("CREATE TABLE IF NOT EXISTS kept (n INTEGER)"))
        await session.execute(text("INSERT INTO kept VALUES (7)"))
        await session.commit()
    assert sent.count("commit") == 1
    async with database.session(write=False) as session:
        assert (await session.execute(text("SELECT n FROM kept"))).scalar_one() == 7
