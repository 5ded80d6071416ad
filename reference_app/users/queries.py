"""Finding, creating and updating users.

Emails are stored sealed: a user is found by email through its blind index (see
encryption/blind_index.py), computed with the session's keys, never by comparing plaintext.
"""

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from reference_app.encryption.blind_index import normalise_email
from reference_app.encryption.orm import cipher_of
from reference_app.timestamps import utc_now
from reference_app.users.models import User


def email_index(session: AsyncSession, email: str) -> str:
    """The blind index an email is stored and looked up under."""
    return cipher_of(session).index("users.email", normalise_email(email))


async def get_by_email(session: AsyncSession, email: str) -> User | None:
    query = select(User).where(col(User.email_index) == email_index(session, email))
    return (await session.execute(query)).scalar_one_or_none()


async def get_by_username(session: AsyncSession, username: str) -> User | None:
    query = select(User).where(col(User.username) == username)
    return (await session.execute(query)).scalar_one_or_none()


async def taken_fields(
    session: AsyncSession, *, username: str | None, email: str | None, except_id: int | None = None
) -> list[str]:
    """Which of `username` and `email` another user already has."""
    taken = []
    searched = (
        ("username", col(User.username), username),
        ("email", col(User.email_index), None if email is None else email_index(session, email)),
    )
    for field, column, value in searched:
        if value is None:
            continue
        query = select(func.count()).where(column == value)
        if except_id is not None:
            query = query.where(col(User.id) != except_id)
        if (await session.execute(query)).scalar_one():
            taken.append(field)
    return taken


async def create_user(session: AsyncSession, username: str, email: str, password_hash: str) -> User:
    # --- lab 02: create_user ---
    user = User(username=username, email=email, password_hash=password_hash)
    session.add(user)
    await session.flush()
    return user
    # --- end lab 02: create_user ---


async def update_user(session: AsyncSession, user: User, changes: dict[str, Any]) -> User:
    """Apply the given column values (already validated) and stamp the change."""
    for field, value in changes.items():
        setattr(user, field, value)
    user.updated_at = utc_now()
    session.add(user)
    await session.flush()
    return user
