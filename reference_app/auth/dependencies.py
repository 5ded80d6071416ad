"""Who is calling: read the `Authorization: Token <jwt>` header and load that user."""

from typing import Any

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency

from reference_app.auth.tokens import InvalidToken, TokenConfig, read_token
from reference_app.database import Session
from reference_app.errors import unauthorized
from reference_app.sessions.caller import signed_in_user
from reference_app.users.models import User

# The spec says `Token`; `Bearer` is what most other APIs use, and accepting it does no harm.
SCHEMES = frozenset({"token", "bearer"})

# Handler parameters `user: CurrentUser` (sign-in required) and `optional_user: OptionalUser`.
CurrentUser = NamedDependency[User]
OptionalUser = NamedDependency[User | None]


def token_from_header(authorization: str | None) -> str | None:
    """The token in an Authorization header, None when there is no header."""
    if authorization is None:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() not in SCHEMES or not token.strip():
        raise unauthorized("is malformed: expected 'Authorization: Token <jwt>'")
    return token.strip()


async def provide_optional_user(
    request: Request[Any, Any, State], session: Session, state: State
) -> User | None:
    """The signed-in user, or None for an anonymous request. A bad token is never ignored."""
    token = token_from_header(request.headers.get("authorization"))
    if token is None:
        return None
    config: TokenConfig = state.token_config
    try:
        user_uid = read_token(token, config)
    except InvalidToken as error:
        raise unauthorized(f"is invalid: {error}") from error
    # Signed and unexpired is not enough: its session may have ended (sessions/).
    return await signed_in_user(request, session, token, user_uid)


async def provide_user(optional_user: OptionalUser) -> User:
    """The signed-in user; anonymous requests are refused with 401."""
    if optional_user is None:
        raise unauthorized("is missing: sign in and send 'Authorization: Token <jwt>'")
    return optional_user
