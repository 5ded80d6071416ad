"""Starting, refreshing and ending sessions in the database.

Rotation is a compare-and-set: a refresh token is marked used only if it was not used yet, in
one UPDATE. Of two requests presenting the same token at once, exactly one wins; the other
sees reuse, as it would if a thief had sent it.
"""

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from reference_app.errors import unauthorized
from reference_app.sessions.config import SessionConfig
from reference_app.sessions.models import RefreshToken, SignInSession, TokenCutoff
from reference_app.sessions.refresh_tokens import (
    hash_refresh_token,
    new_refresh_token,
    new_session_id,
)
from reference_app.users.models import User

SIGNED_OUT = "sign-out"
REUSED = "refresh token reused"
PASSWORD_CHANGED = "password change"


@dataclass(frozen=True, slots=True)
class Refreshed:
    """A session's new refresh token (given to the client once, never stored)."""

    session: SignInSession
    refresh_token: str


class RefreshRefused(Exception):
    """The refresh token is unknown, expired, used up, or its session has ended."""


async def start_session(session: AsyncSession, user_id: int, config: SessionConfig) -> Refreshed:
    now = config.clock()
    started = SignInSession(
        id=new_session_id(),
        user_id=user_id,
        created_at=now,
        expires_at=now + config.session_lifetime,
    )
    session.add(started)
    await session.flush()
    return Refreshed(started, await _give_refresh_token(session, started, config))


async def refresh(session: AsyncSession, presented: str, config: SessionConfig) -> Refreshed:
    """Trade a refresh token for the next one of its family; reuse ends the whole family.

    On reuse the family is revoked and committed before RefreshRefused is raised: the
    request fails, but the revocation must not be rolled back with it.
    """
    # --- lab 07: refresh ---
    now = config.clock()
    query = select(RefreshToken).where(
        col(RefreshToken.token_hash) == hash_refresh_token(presented)
    )
    token = (await session.execute(query)).scalar_one_or_none()
    if token is None:
        raise RefreshRefused("is unknown")
    family = await session.get(SignInSession, token.session_id)
    if family is None or not family.is_live(now):
        raise RefreshRefused("belongs to a session that has ended")
    if now >= token.expires_at:
        raise RefreshRefused("has expired")
    if not await _use_up(session, token, now):
        await _revoke(session, family, REUSED, now)
        await session.commit()
        raise RefreshRefused("was already used: the session has ended, sign in again")
    return Refreshed(family, await _give_refresh_token(session, family, config))
    # --- end lab 07: refresh ---


async def end_session(
    session: AsyncSession, session_id: str, config: SessionConfig, reason: str = SIGNED_OUT
) -> None:
    # --- lab 07: end_session ---
    family = await session.get(SignInSession, session_id)
    if family is not None and family.revoked_at is None:
        await _revoke(session, family, reason, config.clock())
    # --- end lab 07: end_session ---


async def end_other_sessions(
    session: AsyncSession, user_id: int, keep: str | None, config: SessionConfig
) -> None:
    """End every session of a user but `keep`, and refuse the RealWorld tokens issued so far.

    A RealWorld token says only when it was issued, to the second: the cutoff is this second,
    so the token the answer carries (issued now) stays valid.
    """
    now = config.clock()
    if await _has_live_session(session, user_id, now):
        await _revoke_all_but(session, user_id, keep, now)
    cutoff = datetime.fromtimestamp(math.floor(now.timestamp()), UTC)
    existing = await session.get(TokenCutoff, user_id)
    if existing is None:
        session.add(TokenCutoff(user_id=user_id, not_before=cutoff))
    else:
        existing.not_before = cutoff
        session.add(existing)
    await session.flush()


async def user_with_session(
    session: AsyncSession, user_uid: str, session_id: str
) -> tuple[User, SignInSession | None]:
    """The user of a uid and one of their sessions (None if not theirs or gone), in one query."""
    query = (
        select(User, SignInSession)
        .outerjoin(
            SignInSession,
            (col(SignInSession.user_id) == col(User.id)) & (col(SignInSession.id) == session_id),
        )
        .where(col(User.uid) == user_uid)
    )
    row = (await session.execute(query)).one_or_none()
    if row is None:
        raise unauthorized("is invalid: its user no longer exists")
    return row[0], row[1]


async def user_with_cutoff(session: AsyncSession, user_uid: str) -> tuple[User, datetime | None]:
    """The user of a uid and the moment before which their RealWorld tokens are refused."""
    query = (
        select(User, TokenCutoff.not_before)
        .outerjoin(TokenCutoff, col(TokenCutoff.user_id) == col(User.id))
        .where(col(User.uid) == user_uid)
    )
    row = (await session.execute(query)).one_or_none()
    if row is None:
        raise unauthorized("is invalid: its user no longer exists")
    return row[0], row[1]


async def _has_live_session(session: AsyncSession, user_id: int, now: datetime) -> bool:
    query = select(SignInSession.id).where(
        col(SignInSession.user_id) == user_id,
        col(SignInSession.revoked_at).is_(None),
        col(SignInSession.expires_at) > now,
    )
    return (await session.execute(query.limit(1))).first() is not None


async def _revoke_all_but(
    session: AsyncSession, user_id: int, keep: str | None, now: datetime
) -> None:
    """Revoke every unrevoked session of a user but `keep` (None: every one)."""
    # --- lab 07: end_other_sessions ---
    others = (
        update(SignInSession)
        .where(col(SignInSession.user_id) == user_id, col(SignInSession.revoked_at).is_(None))
        .values(revoked_at=now, revoked_because=PASSWORD_CHANGED)
    )
    if keep is not None:
        others = others.where(col(SignInSession.id) != keep)
    await session.execute(others)
    # --- end lab 07: end_other_sessions ---


async def _give_refresh_token(
    session: AsyncSession, family: SignInSession, config: SessionConfig
) -> str:
    """A new refresh token of the family: its hash is stored, the token itself is answered."""
    # --- lab 07: store_refresh_token ---
    now = config.clock()
    token = new_refresh_token()
    session.add(
        RefreshToken(
            token_hash=hash_refresh_token(token),
            session_id=family.id,
            issued_at=now,
            expires_at=min(now + config.refresh_lifetime, family.expires_at),
        )
    )
    await session.flush()
    return token
    # --- end lab 07: store_refresh_token ---


async def _use_up(session: AsyncSession, token: RefreshToken, now: datetime) -> bool:
    """Mark a refresh token used; False when it already was (by this request or another)."""
    # --- lab 07: use_up ---
    result = await session.execute(
        update(RefreshToken)
        .where(col(RefreshToken.id) == token.id, col(RefreshToken.used_at).is_(None))
        .values(used_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
    # --- end lab 07: use_up ---


async def _revoke(session: AsyncSession, family: SignInSession, reason: str, now: datetime) -> None:
    family.revoked_at = now
    family.revoked_because = reason
    session.add(family)
    await session.flush()
