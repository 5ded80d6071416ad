import asyncio
import tempfile
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from labs.engine import CheckFailed, check
from labs.engine.plugin import NOT_APPLICABLE


async def _used_up_twice(folder: str) -> tuple[bool, bool]:
    """`_use_up` on one token from two database sessions that both read it before either wrote."""
    from conduit.database import Database  # type: ignore[import-not-found]
    from conduit.sessions.models import (  # type: ignore[import-not-found]
        RefreshToken,
        SignInSession,
    )
    from conduit.sessions.store import _use_up  # type: ignore[import-not-found]
    from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

    url = f"sqlite+aiosqlite:///{folder}/race.db"
    database = Database(url)
    await database.create_tables()
    await database.dispose()
    engine = create_async_engine(url)  # no foreign keys enforced: no user row is needed
    now = datetime.now(UTC)
    try:
        async with AsyncSession(engine, expire_on_commit=False) as setup:
            family = SignInSession(
                id="f" * 32, user_id=1, created_at=now, expires_at=now + timedelta(days=1)
            )
            token = RefreshToken(
                token_hash="0" * 64,
                session_id=family.id,
                issued_at=now,
                expires_at=now + timedelta(hours=1),
            )
            setup.add_all([family, token])
            await setup.commit()
            token_id = token.id
        results = []
        async with (
            AsyncSession(engine, expire_on_commit=False) as one,
            AsyncSession(engine, expire_on_commit=False) as two,
        ):
            first: Any = await one.get(RefreshToken, token_id)
            second: Any = await two.get(RefreshToken, token_id)
            await one.commit()
            await two.commit()  # both now hold the token as unused, read before either wrote
            results.append(await _use_up(one, first, now))
            await one.commit()
            results.append(await _use_up(two, second, now))
            await two.commit()
        return results[0], results[1]
    finally:
        await engine.dispose()


@check(
    points=2,
    task="Rotation",
    rule="course",
    catches=["use_up_without_compare_and_set", "use_up_always_wins"],
    inside=True,
)
def test_two_requests_with_one_token_cannot_both_use_it(pytestconfig: pytest.Config) -> None:
    """Of two requests that read the same unused token, only the first to write uses it up."""
    if pytestconfig.getoption("--lab-url"):
        pytest.skip(NOT_APPLICABLE)  # it calls the workspace's function itself
    with tempfile.TemporaryDirectory(prefix="course-race-") as folder:
        try:
            first, second = asyncio.run(_used_up_twice(folder))
        except Exception as error:  # any exception: the verdict says which
            first, second = False, f"{type(error).__name__}: {error}"  # type: ignore[assignment]
    if (first, second) != (True, False):
        raise CheckFailed(
            "two database sessions read one unused refresh token; each then calls _use_up on "
            "its copy, one after the other",
            "True for the first, False for the second",
            f"{first!r} and {second!r}",
            "the copy in memory is stale: decide in the database, with one UPDATE ... WHERE "
            "id = :id AND used_at IS NULL, and answer whether it changed a row (rowcount)",
        )
