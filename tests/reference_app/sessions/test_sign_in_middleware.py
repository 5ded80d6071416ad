"""Sign-in limits through the API: 429 with Retry-After, not reset by a forged header."""

from collections.abc import AsyncIterator

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from reference_app.app import create_app
from reference_app.settings import Settings
from tests.reference_app.conftest import Conduit, errors_of, sqlite_only

pytestmark = sqlite_only


@pytest.fixture
async def strict_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """An app allowing 3 failures per (account, address) and 5 per address."""
    strict = settings.model_copy(
        update={"sign_in_failures_per_account_address": 3, "sign_in_failures_per_address": 5}
    )
    async with AsyncTestClient(app=create_app(strict)) as client:
        yield client


async def fail(client: AsyncTestClient[Litestar], email: str, forwarded: str = "") -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    body = {"user": {"email": email, "password": "not the password"}}
    response = await client.post("/api/users/login", json=body, headers=headers)
    return response.status_code


async def test_login_answers_429_with_retry_after_past_the_limit(
    strict_client: AsyncTestClient[Litestar],
) -> None:
    account = await Conduit(strict_client).register()
    assert [await fail(strict_client, account.email) for _ in range(3)] == [401, 401, 401]
    limited = await strict_client.post(
        "/api/users/login", json={"user": {"email": account.email, "password": account.password}}
    )
    assert limited.status_code == 429, limited.text
    assert int(limited.headers["retry-after"]) > 0
    assert "too many failed sign-ins" in errors_of(limited)["body"][0]


async def test_a_forged_forwarded_for_does_not_reset_the_count(
    strict_client: AsyncTestClient[Litestar],
) -> None:
    statuses = [
        await fail(strict_client, "victim@example.org", forwarded=f"127.51.100.{n}")
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429], "each forged address was counted as a new client"


async def test_the_session_sign_in_is_limited_too(
    strict_client: AsyncTestClient[Litestar],
) -> None:
    statuses = []
    for n in range(6):
        response = await strict_client.post(
            "/api/users/sessions",
            json={"user": {"email": f"user{n}@example.org", "password": "wrong password"}},
        )
        statuses.append(response.status_code)
    assert statuses == [401] * 5 + [429], "the per-address limit did not apply"


async def test_a_body_that_is_no_sign_in_is_answered_by_the_handler(
    strict_client: AsyncTestClient[Litestar],
) -> None:
    response = await strict_client.post("/api/users/login", content=b"{not json")
    assert response.status_code == 400, response.text
