"""Database errors read alike on SQLite, PostgreSQL and MariaDB."""

from typing import Any

import pytest
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from reference_app.articles.models import Article
from reference_app.conflicts import Violation, taken_field, violation
from reference_app.database import Database
from reference_app.settings import Settings
from reference_app.users import queries
from reference_app.users.models import User
from tests.reference_app.conftest import Conduit, errors_of


async def _integrity_error(database: Database, table: Any, row: dict[str, Any]) -> IntegrityError:
    async with database.engine.connect() as connection:
        with pytest.raises(IntegrityError) as caught:
            await connection.execute(insert(table).values(**row))
        await connection.rollback()
    return caught.value


def _user(username: str, email_index: str) -> dict[str, Any]:
    """A row as a racing request would insert it: the email is there as its blind index."""
    return {
        "username": username,
        "email_index": email_index,
        "sealed_email": "v1.k1.not-opened-here",
        "sealed_bio": "v1.k1.not-opened-here",
        "password_hash": "x",
    }


@pytest.mark.parametrize("field", ["username", "email"])
async def test_a_taken_username_or_email_is_read_as_such(
    conduit: Conduit, database: Database, settings: Settings, field: str
) -> None:
    await conduit.register("email")  # a username that names the other column
    index = settings.field_cipher.index("users.email", "email@example.org")
    taken = {"username": "email", "email_index": index}
    key = "email_index" if field == "email" else field
    other = {"username": "fresh", "email_index": "0" * 64} | {key: taken[key]}
    error = await _integrity_error(database, User, _user(**other))
    assert violation(error) is Violation.UNIQUE
    assert taken_field(error) == field


async def test_a_missing_value_or_reference_is_not_a_conflict(
    conduit: Conduit, database: Database
) -> None:
    await conduit.register()
    missing = await _integrity_error(database, User, _user("someone", None))  # type: ignore[arg-type]
    assert violation(missing) is Violation.OTHER
    orphan = {"slug": "s", "title": "t", "description": "d", "body": "b", "author_id": 10**6}
    assert violation(await _integrity_error(database, Article, orphan)) is (
        Violation.MISSING_REFERENCE
    )


async def test_a_not_null_violation_answers_500_not_a_conflict(
    conduit: Conduit, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = await _integrity_error(database, User, _user("someone", None))  # type: ignore[arg-type]

    async def broken(*_args: object) -> User:
        raise error

    monkeypatch.setattr(queries, "create_user", broken)
    response = await conduit.client.post(
        "/api/users",
        json={"user": {"username": "u", "email": "u@example.org", "password": "correct horse"}},
    )
    assert response.status_code == 500, response.text
    assert errors_of(response) == {"body": ["internal server error"]}
