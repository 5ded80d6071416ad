"""Past a bounded number of logins in progress, a login answers 429 with Retry-After at once."""

import asyncio

import httpx
import pytest

from reference_app.login_queue import MAX_LOGINS_IN_PROGRESS
from reference_app.users import routes
from tests.reference_app.conftest import Conduit, errors_of, sqlite_only


@pytest.mark.xfail(
    strict=False,
    reason=(
        "open: under load not every one of the 32 held logins reached the password check "
        "in time (TimeoutError in the last CI run)"
    ),
)
@sqlite_only
async def test_a_login_past_the_queue_answers_429_and_the_others_finish(
    conduit: Conduit, racing_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = await conduit.register()
    waiting = 0
    full = asyncio.Event()
    release = asyncio.Event()

    async def held_verify(_password: str, _hash: str) -> bool:
        nonlocal waiting
        waiting += 1
        if waiting == MAX_LOGINS_IN_PROGRESS:
            full.set()
        await release.wait()
        return True

    monkeypatch.setattr(routes, "verify_password", held_verify)
    credentials = {"user": {"email": account.email, "password": account.password}}
    admitted = [
        asyncio.ensure_future(racing_client.post("/api/users/login", json=credentials))
        for _ in range(MAX_LOGINS_IN_PROGRESS)
    ]
    # Bounds for a loaded machine, so that a login that never comes back fails the test
    # instead of holding the suite; the held logins are always let go.
    try:
        await asyncio.wait_for(full.wait(), timeout=120)
        refused = await asyncio.wait_for(
            racing_client.post("/api/users/login", json=credentials), timeout=120
        )
    finally:
        release.set()
    answers = await asyncio.wait_for(asyncio.gather(*admitted), timeout=120)
    assert refused.status_code == 429, refused.text
    assert refused.headers["Retry-After"] == "1"
    assert list(errors_of(refused)) == ["body"]
    assert [answer.status_code for answer in answers] == [200] * MAX_LOGINS_IN_PROGRESS
