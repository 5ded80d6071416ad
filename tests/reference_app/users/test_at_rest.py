"""Personal data at rest: the database holds sealed emails and bios, never the plaintext."""

import logging
from collections.abc import Mapping
from pathlib import Path

import pytest
from sqlalchemy import make_url, text

from reference_app.database import Database
from reference_app.settings import Settings
from tests.reference_app.conftest import Conduit, errors_of, sqlite_only

BIO = "Grew up near the harbour; allergic to cats"


async def _sign_up_and_update(conduit: Conduit) -> dict[str, str]:
    """Two users sign up; one changes her email and bio. Returns the plaintexts to look for."""
    alice = await conduit.register("atrest-alice")
    await conduit.register("atrest-bob")
    changed = await conduit.client.put(
        "/api/user",
        json={"user": {"email": "alice.new@example.org", "bio": BIO}},
        headers=alice.headers,
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["user"]["email"] == "alice.new@example.org"
    signed_in = await conduit.login("ALICE.NEW@example.org", alice.password)
    assert signed_in.status_code == 200, "sign-in by email goes through the blind index"
    return {"username": "atrest-alice", "email": "alice.new@example.org", "bio": BIO}


async def _raw(database: Database, sql: str, **params: str) -> list[tuple[str, ...]]:
    async with database.engine.connect() as connection:
        return [tuple(row) for row in await connection.execute(text(sql), params)]


@sqlite_only
async def test_the_sqlite_file_and_its_wal_hold_no_plaintext_email_or_bio(
    conduit: Conduit, settings: Settings
) -> None:
    plain = await _sign_up_and_update(conduit)
    path = Path(make_url(settings.database_url).database or "")
    stored = b"".join(
        file.read_bytes() for file in (path, path.with_name(path.name + "-wal")) if file.exists()
    )
    assert plain["username"].encode() in stored, "the search must see rows (usernames are clear)"
    for secret in ("example.org", "atrest-bob@", "alice.new", plain["bio"], "harbour"):
        assert secret.encode() not in stored, f"{secret!r} found in the database file or WAL"


async def test_each_database_stores_sealed_values_and_a_blind_index(
    conduit: Conduit, database: Database, settings: Settings
) -> None:
    plain = await _sign_up_and_update(conduit)
    [(email, bio, index)] = await _raw(
        database, "SELECT email, bio, email_index FROM users WHERE username = :name",
        name=plain["username"],
    )  # fmt: skip
    for sealed in (email, bio):
        assert sealed.startswith("v1.k1."), sealed
        assert "example.org" not in sealed
        assert "harbour" not in sealed
    assert index == settings.field_cipher.index("users.email", plain["email"])
    assert plain["email"] not in index


async def _read_profile_of(conduit: Conduit, name: str) -> tuple[int, Mapping[str, list[str]]]:
    response = await conduit.client.get(f"/api/profiles/{name}")
    return response.status_code, (errors_of(response) if response.status_code != 200 else {})


@sqlite_only
async def test_a_flipped_character_in_a_stored_bio_is_refused_not_shown(
    conduit: Conduit, database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    await _sign_up_and_update(conduit)
    [(bio,)] = await _raw(database, "SELECT bio FROM users WHERE username = 'atrest-alice'")
    middle = len(bio) - 10
    flipped = bio[:middle] + ("A" if bio[middle] != "A" else "B") + bio[middle + 1 :]
    async with database.engine.begin() as connection:
        await connection.execute(
            text("UPDATE users SET bio = :bio WHERE username = 'atrest-alice'"), {"bio": flipped}
        )
    with caplog.at_level(logging.ERROR):
        status, errors = await _read_profile_of(conduit, "atrest-alice")
    assert (status, errors) == (500, {"body": ["internal server error"]})
    assert "Undecryptable: its tag does not match" in caplog.text


@sqlite_only
async def test_a_bio_copied_into_another_row_is_refused(
    conduit: Conduit, database: Database
) -> None:
    await _sign_up_and_update(conduit)
    async with database.engine.begin() as connection:
        await connection.execute(
            text(
                "UPDATE users SET bio = (SELECT bio FROM users WHERE username = 'atrest-alice') "
                "WHERE username = 'atrest-bob'"
            )
        )
    assert (await _read_profile_of(conduit, "atrest-alice"))[0] == 200
    assert (await _read_profile_of(conduit, "atrest-bob"))[0] == 500
