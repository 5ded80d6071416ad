"""What the caller's token says about its session, checked on every signed-in request."""

from typing import Any

import jwt
from litestar import Request
from litestar.datastructures import State
from litestar.exceptions import NotAuthorizedException
from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.errors import unauthorized
from reference_app.sessions.access_tokens import SessionClaims, session_claims
from reference_app.sessions.store import user_with_cutoff, user_with_session
from reference_app.users.models import User

# Where a checked request keeps its session and access token (absent: anonymous, or a
# RealWorld token).
SESSION_ID = "session_id"
SESSION_TOKEN = "session_token"


async def signed_in_user(
    request: Request[Any, Any, State], session: AsyncSession, token: str, user_uid: str
) -> User:
    """The user whose uid the token names, if its session is live (or, for a RealWorld
    token, not cut off).

    One query reads the user with its session (or its cutoff): the check costs a signed-in
    request no extra round trip.
    """
    try:
        claims = session_claims(token)
    except jwt.InvalidTokenError as error:
        raise unauthorized(f"is invalid: {error}") from error
    try:
        return await _live_user(request, session, token, user_uid, claims)
    except NotAuthorizedException:
        # A dependency that raises stops Litestar before it takes charge of the ones already
        # resolved: the request's session would keep its connection until garbage collection.
        await session.close()
        raise


async def _live_user(
    request: Request[Any, Any, State],
    session: AsyncSession,
    token: str,
    user_uid: str,
    claims: SessionClaims,
) -> User:
    if claims.session_id is None:
        user, cutoff = await user_with_cutoff(session, user_uid)
        if cutoff is not None and claims.issued_at < cutoff:
            raise unauthorized("is revoked: the password changed since, sign in again")
        return user
    user, found = await user_with_session(session, user_uid, claims.session_id)
    if found is None or not found.is_live(request.app.state.sessions.clock()):
        raise unauthorized("is revoked: its session has ended, sign in again")
    request.state[SESSION_ID] = claims.session_id
    request.state[SESSION_TOKEN] = token
    return user


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
