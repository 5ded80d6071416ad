"""The session endpoints: sign in for a session, refresh it, sign out."""

from typing import Annotated, Any

from litestar import Request, Response, Router, post
from litestar.datastructures import Cookie, State
from litestar.params import CookieParameter, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT, HTTP_401_UNAUTHORIZED

from reference_app.auth.dependencies import CurrentUser
from reference_app.database import Session
from reference_app.errors import error_response, invalid, unauthorized
from reference_app.login_queue import login_queue_middleware
from reference_app.openapi import SIGNED_IN, errors
from reference_app.sessions import store
from reference_app.sessions.access_tokens import issue_access_token
from reference_app.sessions.caller import caller_session_id
from reference_app.sessions.config import SessionConfig
from reference_app.sessions.cookies import (
    REFRESH_COOKIE,
    REFRESH_PATH,
    cleared_refresh_cookie,
    refresh_cookie,
)
from reference_app.sessions.sign_in import check_credentials
from reference_app.sessions.sign_in_middleware import sign_in_limit_middleware
from reference_app.users.models import LoginRequest, User, UserResponse
from reference_app.users.routes import NO_STORE, user_response

REFRESH_COOKIE_DOCS = [
    Cookie(
        key=REFRESH_COOKIE,
        path=REFRESH_PATH,
        httponly=True,
        secure=True,
        samesite="strict",
        description="The session's refresh token: send it back to POST /api/users/refresh.",
        documentation_only=True,
    )
]
RefreshCookie = Annotated[
    str | None,
    CookieParameter(name=REFRESH_COOKIE, required=False, description="The refresh token."),
]


@post(
    "/users/sessions",
    summary="Sign in for a session",
    description="Checks the email and password like login, then answers a short-lived access "
    "token in `user.token` and sets the refresh token in an HttpOnly cookie.",
    status_code=HTTP_200_OK,
    middleware=[sign_in_limit_middleware, login_queue_middleware],
    cache_control=NO_STORE,
    response_cookies=REFRESH_COOKIE_DOCS,
    responses=errors(401, 422, 429),
)
async def start_session(
    data: JSONBody[LoginRequest], session: Session, state: State
) -> Response[UserResponse]:
    credentials = data.user
    user = await check_credentials(
        session, credentials.email, credentials.password, state.settings.bcrypt_rounds
    )
    if user is None:
        raise unauthorized("is invalid", field="email or password")
    started = await store.start_session(session, user.id, state.sessions)
    return _session_answer(user, started, state)


@post(
    "/users/refresh",
    summary="Refresh a session",
    description="Trades the refresh token cookie for a new access token and a new refresh "
    "token. A refresh token works once: presented again, it ends its whole session.",
    status_code=HTTP_200_OK,
    cache_control=NO_STORE,
    response_cookies=REFRESH_COOKIE_DOCS,
    responses=errors(401),
)
async def refresh_session(
    refresh_token: RefreshCookie, session: Session, state: State
) -> Response[Any]:
    if not refresh_token:
        return _refused("is missing: sign in at POST /api/users/sessions")
    try:
        refreshed = await store.refresh(session, refresh_token, state.sessions)
    except store.RefreshRefused as refusal:
        return _refused(str(refusal))
    user = await session.get(User, refreshed.session.user_id)
    if user is None:  # the account was deleted, and its sessions with it
        return _refused("belongs to a session that has ended")
    return _session_answer(user, refreshed, state)


@post(
    "/users/logout",
    summary="Sign out",
    description="Ends the session of the access token sent: its refresh tokens stop working, "
    "and so do its access tokens. RealWorld login tokens name no session: they end at expiry "
    "or at a password change.",
    status_code=HTTP_204_NO_CONTENT,
    security=SIGNED_IN,
    response_cookies=REFRESH_COOKIE_DOCS,
    responses=errors(401, 422),
)
async def end_session(
    user: CurrentUser, request: Request[Any, Any, State], session: Session, state: State
) -> Response[None]:
    session_id = caller_session_id(request)
    if session_id is None:
        raise invalid("token", "names no session: only session tokens can sign out")
    await store.end_session(session, session_id, state.sessions)
    return Response(None, status_code=HTTP_204_NO_CONTENT, cookies=[cleared_refresh_cookie()])


def _session_answer(user: User, refreshed: store.Refreshed, state: State) -> Response[UserResponse]:
    config: SessionConfig = state.sessions
    now = config.clock()
    access_token = issue_access_token(
        user.uid, refreshed.session.id, state.token_config, config.access_lifetime, now
    )
    # The browser may forget the token when it expires: at the latest, when its session does.
    lives = min(config.refresh_lifetime, refreshed.session.expires_at - now)
    return Response(
        user_response(user, state, token=access_token),
        cookies=[refresh_cookie(refreshed.refresh_token, int(lives.total_seconds()))],
    )


def _refused(message: str) -> Response[Any]:
    """401, and the browser told to forget the refresh token that did not work."""
    return error_response(
        HTTP_401_UNAUTHORIZED,
        {"refresh token": [message]},
        headers={"WWW-Authenticate": "Token"},
        cookies=[cleared_refresh_cookie()],
    )


router = Router(path="/", route_handlers=[start_session, refresh_session, end_session])
