"""Profiles: read anyone's, follow and unfollow them."""

from litestar import Router, delete, get, post
from litestar.params import FromPath
from litestar.status_codes import HTTP_200_OK
from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.auth.dependencies import CurrentUser, OptionalUser
from reference_app.database import Session
from reference_app.errors import invalid, not_found
from reference_app.openapi import SIGNED_IN, SIGNED_IN_OR_NOT, errors
from reference_app.profiles import queries
from reference_app.profiles.models import ProfileResponse
from reference_app.users.models import User
from reference_app.users.queries import get_by_username


async def _existing_user(session: AsyncSession, username: FromPath[str]) -> User:
    user = await get_by_username(session, username)
    if user is None:
        raise not_found("profile")
    return user


@get(
    "/profiles/{username:str}",
    summary="Get a profile",
    security=SIGNED_IN_OR_NOT,
    responses=errors(401, 404, 422),
)
async def get_profile(
    username: FromPath[str], session: Session, optional_user: OptionalUser
) -> ProfileResponse:
    # --- lab 02: get_profile ---
    profile = await queries.get_profile(session, username, optional_user)
    if profile is None:
        raise not_found("profile")
    return ProfileResponse(profile=profile)
    # --- end lab 02: get_profile ---


@post(
    "/profiles/{username:str}/follow",
    summary="Follow a user",
    status_code=HTTP_200_OK,
    security=SIGNED_IN,
    responses=errors(401, 404, 422),
)
async def follow(username: FromPath[str], session: Session, user: CurrentUser) -> ProfileResponse:
    followee = await _existing_user(session, username)
    if followee.id == user.id:
        raise invalid("profile", "cannot follow yourself")
    await queries.follow(session, user, followee)
    return ProfileResponse(profile=queries.profile_of(followee, following=True))


@delete(
    "/profiles/{username:str}/follow",
    summary="Unfollow a user",
    status_code=HTTP_200_OK,
    security=SIGNED_IN,
    responses=errors(401, 404, 422),
)
async def unfollow(username: FromPath[str], session: Session, user: CurrentUser) -> ProfileResponse:
    followee = await _existing_user(session, username)
    await queries.unfollow(session, user, followee)
    return ProfileResponse(profile=queries.profile_of(followee, following=False))


router = Router(path="/", route_handlers=[get_profile, follow, unfollow])
