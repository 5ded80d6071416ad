"""What the caller's token says about its session, checked on every signed-in request."""

from typing import Any

import jwt
from litestar import Request
from litestar.datastructures import State
from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.errors import unauthorized
from reference_app.sessions.access_tokens import session_claims
from reference_app.sessions.store import issued_before_cutoff, session_is_live

# Where a checked request keeps its session and access token (absent: anonymous, or a
# RealWorld token).
SESSION_ID = "session_id"
SESSION_TOKEN = "session_token"


async def ensure_session_live(
    request: Request[Any, Any, State], session: AsyncSession, token: str, user_id: int
) -> None:
    """Refuse a token whose session has ended, or a RealWorld token a password change cut off."""
    state = request.app.state
    try:
        claims = session_claims(token, state.token_config)
    except jwt.InvalidTokenError as error:
        raise unauthorized(f"is invalid: {error}") from error
    if claims.session_id is None:
        if await issued_before_cutoff(session, user_id, claims.issued_at):
            raise unauthorized("is revoked: the password changed since, sign in again")
        return
    if not await session_is_live(session, claims.session_id, user_id, state.sessions):
        raise unauthorized("is revoked: its session has ended, sign in again")
    request.state[SESSION_ID] = claims.session_id
    request.state[SESSION_TOKEN] = token


def caller_session_id(request: Request[Any, Any, State]) -> str | None:
    """The session of this request's access token; None for RealWorld tokens."""
    session_id = request.state.get(SESSION_ID)
    return session_id if isinstance(session_id, str) else None


def session_token(request: Request[Any, Any, State]) -> str | None:
    """The caller's own access token when it names a session, to answer it back unchanged.

    Only POST /api/users/refresh renews a session's access token: if GET /user gave a fresh
    one, a stolen access token could be kept alive without ever meeting the refresh token.
    """
    token = request.state.get(SESSION_TOKEN)
    return token if isinstance(token, str) else None
