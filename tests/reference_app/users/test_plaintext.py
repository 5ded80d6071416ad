"""A database from before encryption at rest: its users are sealed, and still sign in."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import (
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    insert,
    make_url,
    text,
)

from reference_app.__main__ import prepare_database
from reference_app.database import Database
from reference_app.encryption.cipher import FieldCipher
from reference_app.encryption.keys import parse_key, parse_ring
from reference_app.settings import Settings
from reference_app.timestamps import utc_now
from reference_app.users import queries
from reference_app.users.plaintext import seal_plaintext_users
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

CIPHER = FieldCipher(parse_ring(TEST_ENCRYPTION_KEYS), parse_key(TEST_BLIND_INDEX_KEY))

# The users table as the version before encryption at rest made it.
OLD = MetaData()
OLD_USERS = Table(
    "users",
    OLD,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), unique=True, nullable=False),
    Column("email", String(254), unique=True, nullable=False),
    Column("password_hash", String(128), nullable=False),
    Column("bio", String(2000), nullable=False),
    Column("image", String(1000), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)
PEOPLE = {"legacy-ann": "Ann@Example.org", "legacy-ben": "ben@example.org"}


@pytest.fixture(params=["sqlite", "postgresql", "mariadb"])
async def legacy_url(
    request: pytest.FixtureRequest, tmp_path: Path, worker_id: str
) -> AsyncIterator[str]:
    """A fresh database holding users as the old version stored them, in clear."""
    backend: str = request.param
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'legacy.db'}"
    else:
        server_url, address = SERVERS[backend]
        if not _answers(address):
            pytest.skip(f"{backend} does not answer on {address[0]}:{address[1]}")
        name = _database_name(worker_id) + "_legacy"
        await _drop(backend, server_url, [name])
        url = await _ensure_server_database(backend, server_url, name)
    database = Database(url)
    async with database.engine.begin() as connection:
        await connection.run_sync(OLD.create_all)
        now = utc_now().replace(tzinfo=None)
        for username, email in PEOPLE.items():
            await connection.execute(
                insert(OLD_USERS).values(
                    username=username, email=email.lower(), password_hash="hash",
                    bio=f"{username} lives at 12 Plain Street", image="",
                    created_at=now, updated_at=now,
                )
            )  # fmt: skip
    await database.dispose()
    yield url
    if backend != "sqlite":
        await _drop(backend, SERVERS[backend][0], [_database_name(worker_id) + "_legacy"])


async def test_users_stored_in_clear_are_sealed_and_still_found_by_email(
    legacy_url: str, tmp_path: Path
) -> None:
    cipher = CIPHER
    settings = Settings(
        environment="test",
        database_url=legacy_url,
        data_dir=tmp_path,
        secret_key=TEST_SECRET,  # type: ignore[arg-type]
        encryption_keys=TEST_ENCRYPTION_KEYS,  # type: ignore[arg-type]
        blind_index_key=TEST_BLIND_INDEX_KEY,  # type: ignore[arg-type]
    )
    await prepare_database(settings)  # what `serve` does before it listens
    database = Database(legacy_url, cipher=cipher)
    try:
        assert await seal_plaintext_users(database, cipher) == 0, "a second run finds nothing"
        async with database.engine.connect() as connection:
            stored = (await connection.execute(text("SELECT email, bio FROM users"))).all()
        for email, bio in stored:
            assert email.startswith("v1.k1.")
            assert bio.startswith("v1.k1.")
        async with database.session(write=True) as session, session.begin():
            for username, email in PEOPLE.items():
                user = await queries.get_by_email(session, email)
                assert user is not None, f"{email} not found after sealing"
                assert (user.username, user.email) == (username, email.lower())
                assert user.bio == f"{username} lives at 12 Plain Street"
            # The table keeps working as the new version's: a new user, a changed email.
            await queries.create_user(session, "legacy-cy", "cy@example.org", "hash")
            ann = await queries.get_by_email(session, "ann@example.org")
            assert ann is not None
            taken = await queries.taken_fields(session, username=None, email="cy@example.org")
            assert taken == ["email"]
            long_email = "a" * 64 + "@" + "b" * 180 + ".example"
            await queries.update_user(session, ann, {"email": long_email, "bio": "é" * 2000})
    finally:
        await database.dispose()


@pytest.mark.parametrize("legacy_url", ["sqlite"], indirect=True)
async def test_no_plaintext_is_left_in_the_sqlite_file_after_sealing(legacy_url: str) -> None:
    database = Database(legacy_url, cipher=CIPHER)
    await seal_plaintext_users(database, CIPHER)
    await database.dispose()
    path = Path(make_url(legacy_url).database or "")
    stored = b"".join(
        file.read_bytes() for file in (path, path.with_name(path.name + "-wal")) if file.exists()
    )
    assert b"legacy-ann" in stored
    assert b"example.org" not in stored, "plaintext left in free pages or in the WAL"
    assert b"Plain Street" not in stored
