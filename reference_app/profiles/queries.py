"""Reading and changing who follows whom."""

from typing import Any

from sqlalchemy import ColumnElement, false, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, QueryableAttribute
from sqlmodel import col

from reference_app.profiles.models import Follow, Profile
from reference_app.users.models import User


def follows(
    viewer: User | None, author_id: ColumnElement[int] | Mapped[int]
) -> ColumnElement[bool]:
    """A SQL expression: does `viewer` follow the author? Always false for anonymous viewers."""
    if viewer is None:
        return false()
    return (
        select(Follow)
        .where(col(Follow.follower_id) == viewer.id, col(Follow.followee_id) == author_id)
        .exists()
    )


# What a profile shows of a user: the only columns a read that builds one needs (`uid` opens the
# sealed bio). Named, not "all but": a column added to users later (a secret, say) is not read.
PROFILE_COLUMNS: tuple[QueryableAttribute[Any], ...] = (  # type: ignore[assignment]
    User.username,
    User.sealed_bio,
    User.uid,
    User.image,
)


def profile_of(user: User, following: bool) -> Profile:
    return Profile(username=user.username, bio=user.bio, image=user.image, following=following)


async def get_profile(session: AsyncSession, username: str, viewer: User | None) -> Profile | None:
    query = select(User, follows(viewer, col(User.id))).where(col(User.username) == username)
    row = (await session.execute(query)).first()
    return None if row is None else profile_of(row[0], bool(row[1]))


async def follow(session: AsyncSession, follower: User, followee: User) -> None:
    """Make `follower` follow `followee`; following twice changes nothing."""
    # --- lab 05: follow ---
    try:
        async with session.begin_nested():
            session.add(Follow(follower_id=follower.id, followee_id=followee.id))
    except IntegrityError:
        pass  # Already following: a concurrent request got there first.
    # --- end lab 05: follow ---


async def unfollow(session: AsyncSession, follower: User, followee: User) -> None:
    # --- lab 05: unfollow ---
    follow_row = await session.get(Follow, (follower.id, followee.id))
    if follow_row is not None:
        await session.delete(follow_row)
    # --- end lab 05: unfollow ---
