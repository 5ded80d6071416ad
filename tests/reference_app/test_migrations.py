"""The schema comes from migrations: they make exactly the models' tables on every database, an
existing database moves forward with its data, and a model's change writes its migration."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Index, inspect, text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from reference_app import migrations
from reference_app.__main__ import prepare_database
from reference_app.articles.models import Article
from reference_app.database import Database
from reference_app.settings import Settings
from reference_app.users import queries
from tests.conftest import (
    SERVERS,
    TEST_BLIND_INDEX_KEY,
    TEST_ENCRYPTION_KEYS,
    TEST_SECRET,
    _answers,
    _database_name,
    _drop,
    _ensure_server_database,
)
from tests.reference_app.users.test_plaintext import CIPHER

# The tables a database made before the sessions existed lacked.
LATER_TABLES = ("refresh_tokens", "sessions", "token_cutoffs")


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
async def empty_url(
    request: pytest.FixtureRequest, tmp_path: Path, worker_id: str
) -> AsyncIterator[str]:
    """A database of its own with no table at all, not even Alembic's."""
    backend: str = request.param
    if backend == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'migrated.db'}"
        return
    server_url, address = SERVERS[backend]
    if not _answers(address):
        pytest.skip(f"{backend} does not answer on {address[0]}:{address[1]}")
    name = _database_name(worker_id) + "_migrations"
    await _drop(backend, server_url, [name])
    yield await _ensure_server_database(backend, server_url, name)
    await _drop(backend, server_url, [name])


def _differences(connection: Connection) -> list[object]:
    return list(compare_metadata(MigrationContext.configure(connection), SQLModel.metadata))


def _settings(url: str, data: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=url,
        data_dir=data,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        encryption_keys=TEST_ENCRYPTION_KEYS,  # type: ignore[arg-type]
        blind_index_key=TEST_BLIND_INDEX_KEY,  # type: ignore[arg-type]
    )


async def test_the_migrations_make_exactly_the_models_tables(empty_url: str) -> None:
    """A model changed without its migration fails here: `make-migration` writes it."""
    database = Database(empty_url)
    try:
        before, after = await migrations.upgrade(database)
        assert (before, after) == (None, migrations.head())
        async with database.engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
        assert await migrations.upgrade(database) == (after, after), "a second run does nothing"
    finally:
        await database.dispose()


@pytest.mark.parametrize("empty_url", ["sqlite"], indirect=True)
async def test_a_database_made_before_migrations_moves_forward_with_its_data(
    empty_url: str, tmp_path: Path
) -> None:
    old = Database(empty_url, cipher=CIPHER)
    await old.create_tables()  # how the versions before migrations made their tables
    async with old.engine.begin() as connection:
        for table in LATER_TABLES:
            await connection.execute(text(f"DROP TABLE {table}"))
    async with old.session(write=True) as session, session.begin():
        await queries.create_user(session, "old-timer", "old@example.org", "hash")
    await old.dispose()

    await prepare_database(_settings(empty_url, tmp_path))  # what `serve` does first

    database = Database(empty_url, cipher=CIPHER)
    try:
        assert await migrations.current_revision(database) == migrations.head()
        async with database.engine.connect() as connection:
            assert await connection.run_sync(_differences) == []
        async with database.session(write=False) as session:
            user = await queries.get_by_email(session, "old@example.org")
        assert user is not None
        assert user.username == "old-timer"
    finally:
        await database.dispose()


@pytest.mark.parametrize("empty_url", ["sqlite"], indirect=True)
async def test_a_new_index_on_a_model_writes_the_migration_that_adds_it(
    empty_url: str, tmp_path: Path
) -> None:
    versions = tmp_path / "versions"
    shutil.copytree(migrations.VERSIONS, versions, ignore=shutil.ignore_patterns("__pycache__"))
    database = Database(empty_url)
    index = Index("ix_articles_title", Article.__table__.c.title)  # type: ignore[attr-defined]
    try:
        path = await migrations.make_revision(database, "index titles", versions=versions)
        written = path.read_text()
        assert path.name.startswith(f"{int(migrations.head()) + 1:04d}_index_titles")
        assert "create_index" in written
        assert "ix_articles_title" in written
        await migrations.upgrade(database, versions=versions)
        async with database.engine.connect() as connection:
            names = await connection.run_sync(
                lambda sync: {i["name"] for i in inspect(sync).get_indexes("articles")}
            )
        assert "ix_articles_title" in names
    finally:
        Article.__table__.indexes.discard(index)  # type: ignore[attr-defined]
        await database.dispose()


@pytest.mark.parametrize("empty_url", ["sqlite"], indirect=True)
async def test_a_revision_not_written_yet_stops_the_upgrade_before_it(
    empty_url: str, tmp_path: Path
) -> None:
    """A lab's TODO in a revision leaves the database working at the revision before it."""
    versions = tmp_path / "versions"
    shutil.copytree(migrations.VERSIONS, versions, ignore=shutil.ignore_patterns("__pycache__"))
    second = next(versions.glob("0002_*.py"))
    text = second.read_text()
    todo = text.replace(
        "def upgrade() -> None:\n",
        'def upgrade() -> None:\n    raise NotImplementedError("lab 09")\n',
    )
    second.write_text(todo)
    database = Database(empty_url)
    try:
        assert await migrations.upgrade(database, versions=versions) == (None, "0001")
        assert await migrations.current_revision(database) == "0001"
        second.write_text(text)  # written: the next upgrade takes it on
        assert await migrations.upgrade(database, versions=versions) == ("0001", "0002")
    finally:
        await database.dispose()
