"""Key rotation: re-sealing under a new key while requests read and write, losing nothing."""

import asyncio
import itertools
import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from reference_app.database import Database
from reference_app.encryption import commands
from reference_app.encryption.cipher import FieldCipher
from reference_app.encryption.keys import parse_ring
from reference_app.encryption.rotation import (
    Rotation,
    rotate,
    stale_batch,
    uses_of_key,
    uses_of_other_keys,
    write_changes,
)
from reference_app.settings import Settings
from reference_app.users import queries
from reference_app.users.models import User
from tests.conftest import TEST_ENCRYPTION_KEYS

NEW_KEY = "k2:5cLlJ1ZbcnWV3YzO5yOoGv0Q8H0lEY9_Ts5YyNaRZbA"
USERS = 24


@pytest.fixture
async def old_and_new(settings: Settings) -> AsyncIterator[tuple[Database, Database]]:
    """The test's database seen with the old ring (k1) and with the new one (k2 first, k1)."""
    new = FieldCipher(parse_ring(f"{NEW_KEY},{TEST_ENCRYPTION_KEYS}"), settings.index_key)
    old_database = Database(settings.database_url, cipher=settings.field_cipher)
    new_database = Database(settings.database_url, cipher=new)
    yield old_database, new_database
    await old_database.dispose()
    await new_database.dispose()


async def _sign_up(database: Database, count: int) -> dict[str, str]:
    emails = {f"rot{n}": f"rot{n}@example.org" for n in range(count)}
    async with database.session(write=True) as session, session.begin():
        for name, email in emails.items():
            user = await queries.create_user(session, name, email, "hash")
            await queries.update_user(session, user, {"bio": f"{name}, bio 0"})
    return emails


async def test_a_value_changed_during_a_batch_keeps_the_newer_value(
    old_and_new: tuple[Database, Database],
) -> None:
    old, new = old_and_new
    await _sign_up(old, 2)
    assert new.cipher is not None
    _, changes = await stale_batch(new, User, new.cipher, 0, 10)
    assert len(changes) == 4, "two users, each with an email and a bio under k1"
    async with new.session(write=True) as session, session.begin():
        user = await queries.get_by_email(session, "rot0@example.org")
        assert user is not None
        await queries.update_user(session, user, {"bio": "written during the batch"})
    written, raced = await write_changes(new, User, changes)
    assert (written, raced) == (3, 1)
    async with new.session(write=False) as session:
        user = await queries.get_by_email(session, "rot0@example.org")
        assert user is not None
        assert user.bio == "written during the batch"


async def test_rotation_under_concurrent_reads_and_writes_loses_nothing(
    old_and_new: tuple[Database, Database],
) -> None:
    old, new = old_and_new
    emails = await _sign_up(old, USERS)
    written: dict[str, set[str]] = {name: {f"{name}, bio 0"} for name in emails}
    last: dict[str, str] = {name: f"{name}, bio 0" for name in emails}
    wrote_since_batch = asyncio.Event()
    rotated = asyncio.Event()
    chance = random.Random(12)
    serial = itertools.count(1)

    async def writer() -> None:
        while not rotated.is_set():
            name = chance.choice(list(emails))
            bio = f"{name}, bio {next(serial)}"
            written[name].add(bio)
            async with new.session(write=True) as session, session.begin():
                user = await queries.get_by_email(session, emails[name])
                assert user is not None, f"{emails[name]} not found during the rotation"
                await queries.update_user(session, user, {"bio": bio})
            last[name] = bio
            wrote_since_batch.set()

    async def reader() -> int:
        reads = 0
        while not rotated.is_set():
            async with new.session(write=False) as session:
                for name, email in emails.items():
                    user = await queries.get_by_email(session, email)
                    assert user is not None, f"{email} not found during the rotation"
                    assert user.email == email
                    assert user.bio in written[name], f"{name}'s bio read as {user.bio!r}"
                    reads += 1
        return reads

    async def after_batch(_done: Rotation) -> None:
        # Each batch waits for a write committed after the one before: traffic interleaves.
        await wrote_since_batch.wait()
        wrote_since_batch.clear()

    async def rotation() -> Rotation:
        assert new.cipher is not None
        try:
            return await rotate(new, User, new.cipher, batch_size=4, after_batch=after_batch)
        finally:
            rotated.set()

    done, *_, reads = await asyncio.gather(rotation(), writer(), writer(), reader())
    assert done.remaining == 0
    assert done.batches >= USERS // 4
    # Writers change only bios (sealing them with k2 as they go): every email is the rotation's.
    assert done.resealed >= USERS
    assert reads >= USERS
    assert await uses_of_key(new, User, "k1") == 0
    assert await uses_of_other_keys(new, User, "k2") == 0
    async with new.session(write=False) as session:
        for name, email in emails.items():
            user = await queries.get_by_email(session, email)
            assert user is not None
            assert (user.email, user.bio) == (email, last[name]), "a write was lost"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_the_development_key_commands_add_rotate_and_retire(
    settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def kept_settings() -> Settings:
        """Settings as a developer's machine has them: keys kept in the data folder."""
        return Settings(
            environment="development",
            database_url=settings.database_url,
            data_dir=tmp_path / "keys",
            secret_key=settings.secret_key,
        )

    kept = kept_settings()
    database = Database(kept.database_url, cipher=kept.field_cipher)
    await _sign_up(database, 3)
    await database.dispose()
    assert commands.new_key(kept) == 0
    renewed = kept_settings()
    assert renewed.key_ring.current == "k2"
    assert await commands.retire_key(renewed, "k1") == 1, "retired while values still use it"
    assert "3 rows still hold values sealed with k1" in capsys.readouterr().err
    assert await commands.rotate_keys(renewed, batch_size=2) == 0
    assert await commands.retire_key(renewed, "k1") == 0
    retired = kept_settings()
    assert list(retired.key_ring.keys) == ["k2"]
    database = Database(retired.database_url, cipher=retired.field_cipher)
    async with database.session(write=False) as session:
        user = await queries.get_by_email(session, "rot2@example.org")
        assert user is not None
        assert user.bio == "rot2, bio 0"
    await database.dispose()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_with_keys_in_the_environment_the_commands_only_say_what_to_change(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert commands.new_key(settings) == 0
    printed = capsys.readouterr().out.splitlines()[-1]
    assert parse_ring(printed).current == "k2", "a line to add to ENCRYPTION_KEYS"
    with_new = Settings(
        environment="test",
        database_url=settings.database_url,
        data_dir=settings.data_dir,
        secret_key=settings.secret_key,
        encryption_keys=f"{printed},{TEST_ENCRYPTION_KEYS}",  # type: ignore[arg-type]
        blind_index_key=settings.blind_index_key,
    )
    assert await commands.retire_key(with_new, "k2") == 2, "the key that seals stays"
    assert await commands.retire_key(with_new, "k1") == 0, "no user: nothing uses k1"
    assert "remove it from ENCRYPTION_KEYS" in capsys.readouterr().out
