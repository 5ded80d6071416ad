"""Registration, login and the signed-in user's own account."""

from typing import Any

from litestar import Request, Router, get, post, put
from litestar.datastructures import CacheControlHeader, State
from litestar.params import JSONBody
from litestar.status_codes import HTTP_200_OK

from reference_app.auth.dependencies import CurrentUser
from reference_app.auth.passwords import hash_password, unknown_user_hash, verify_password
from reference_app.auth.tokens import issue_token
from reference_app.database import Session
from reference_app.errors import Unprocessable, invalid, unauthorized
from reference_app.login_queue import login_queue_middleware
from reference_app.openapi import SIGNED_IN, errors
from reference_app.sessions.caller import caller_session_id, session_token
from reference_app.sessions.sign_in_middleware import sign_in_limit_middleware
from reference_app.sessions.store import end_other_sessions
from reference_app.users import queries
from reference_app.users.models import (
    LoginRequest,
    NewUserRequest,
    UpdateUserRequest,
    UserRead,
    UserResponse,
)

# Answers that carry a token must not be kept by any cache, the browser's included.
NO_STORE = CacheControlHeader(no_store=True)


def user_response(user: CurrentUser, state: State, token: str | None = None) -> UserResponse:
    """The user's account, with `token` (a session's access token) or a new RealWorld token."""
    token = token or issue_token(user.uid, state.token_config)
    return UserResponse(
        user=UserRead(
            email=user.email, token=token, username=user.username, bio=user.bio, image=user.image
        )
    )


async def _refuse_taken(
    session: Session, username: str | None, email: str | None, except_id: int | None = None
) -> None:
    taken = await queries.taken_fields(session, username=username, email=email, except_id=except_id)
    if taken:
        # --- lab 04: refuse_taken ---
        raise Unprocessable(
            detail="already taken", extra={field: ["has already been taken"] for field in taken}
        )
        # --- end lab 04: refuse_taken ---


@post("/users", summary="Register", cache_control=NO_STORE, responses=errors(422))
async def register(data: JSONBody[NewUserRequest], session: Session, state: State) -> UserResponse:
    new = data.user
    # Hash before touching the database, so the write lock is never held through bcrypt.
    password_hash = await hash_password(new.password, state.settings.bcrypt_rounds)
    await _refuse_taken(session, new.username, new.email)
    user = await queries.create_user(session, new.username, new.email, password_hash)
    return user_response(user, state)


@post(
    "/users/login",
    summary="Log in",
    status_code=HTTP_200_OK,
    opt={"read_only": True},
    middleware=[sign_in_limit_middleware, login_queue_middleware],
    cache_control=NO_STORE,
    responses=errors(401, 422, 429),
)
async def login(data: JSONBody[LoginRequest], session: Session, state: State) -> UserResponse:
    # --- lab 02: login ---
    credentials = data.user
    user = await queries.get_by_email(session, credentials.email)
    # Give the connection back before bcrypt's quarter second: a login storm must not hold them all.
    await session.close()
    # An unknown email still costs one bcrypt check, so timing does not reveal who has an account.
    stored_hash = user.password_hash if user else unknown_user_hash(state.settings.bcrypt_rounds)
    if not await verify_password(credentials.password, stored_hash) or user is None:
        raise unauthorized("is invalid", field="email or password")
    return user_response(user, state)
    # --- end lab 02: login ---


@get(
    "/user",
    summary="Current user",
    security=SIGNED_IN,
    cache_control=NO_STORE,
    responses=errors(401),
)
async def current_user(user: CurrentUser, request: Request[Any, Any, State]) -> UserResponse:
    return user_response(user, request.app.state, token=session_token(request))


@put(
    "/user",
    summary="Update current user",
    description="A new password ends every other session of the account, and the RealWorld "
    "tokens issued before it.",
    security=SIGNED_IN,
    cache_control=NO_STORE,
    responses=errors(401, 422),
)
async def update_current_user(
    data: JSONBody[UpdateUserRequest],
    user: CurrentUser,
    session: Session,
    request: Request[Any, Any, State],
) -> UserResponse:
    state = request.app.state
    changes: dict[str, Any] = data.user.model_dump(exclude_unset=True, exclude_none=True)
    if not changes:
        # --- lab 04: user_needs_changes ---
        raise invalid("user", "needs at least one field to change")
        # --- end lab 04: user_needs_changes ---
    if "password" in changes:
        password = changes.pop("password")
        changes["password_hash"] = await hash_password(password, state.settings.bcrypt_rounds)
    # Changing a password holds the write lock through bcrypt; rare enough not to matter.
    await _refuse_taken(session, changes.get("username"), changes.get("email"), except_id=user.id)
    user = await queries.update_user(session, user, changes)
    if "password_hash" in changes:
        # Whoever else knew the old password (or holds a token got with it) is signed out.
        await end_other_sessions(session, user.id, caller_session_id(request), state.sessions)
    return user_response(user, state, token=session_token(request))


router = Router(path="/", route_handlers=[register, login, current_user, update_current_user])
