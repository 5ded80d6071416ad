"""Checking an email and password, for a session's sign-in."""

from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.auth.passwords import unknown_user_hash, verify_password
from reference_app.users import queries
from reference_app.users.models import User


async def check_credentials(
    session: AsyncSession, email: str, password: str, bcrypt_rounds: int
) -> User | None:
    """The user with this email and password, or None. Costs the same time either way."""
    user = await queries.get_by_email(session, email)
    # Give the connection back before bcrypt's quarter second: a login storm must not hold them all.
    await session.close()
    # An unknown email still costs one bcrypt check, so timing does not reveal who has an account.
    stored_hash = user.password_hash if user else unknown_user_hash(bcrypt_rounds)
    if not await verify_password(password, stored_hash) or user is None:
        return None
    return user
