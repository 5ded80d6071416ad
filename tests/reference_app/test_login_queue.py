"""Past a bounded number of logins in progress, a login answers 429 with Retry-After at once."""

import asyncio
import threading

import httpx
import pytest

from reference_app.login_queue import MAX_LOGINS_IN_PROGRESS
from reference_app.users import routes
from tests.reference_app.conftest import Conduit, errors_of, sqlite_only


@sqlite_only
async def test_a_login_past_the_queue_answers_429_and_the_others_finish(
    conduit: Conduit, racing_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    account = await conduit.register()
    # The app runs on its own event loop in another thread: the test waits on a thread-safe
    # event, and lets the held logins go through an event of the app's own loop.
    waiting = 0
    full = threading.Event()
    app_loop: asyncio.AbstractEventLoop | None = None
    release: asyncio.Event | None = None

    async def held_verify(_password: str, _hash: str) -> bool:
        nonlocal waiting, app_loop, release
        if release is None:
            app_loop, release = asyncio.get_running_loop(), asyncio.Event()
        waiting += 1
        if waiting == MAX_LOGINS_IN_PROGRESS:
            full.set()
        await release.wait()
        return True

    def let_them_go() -> None:
        if app_loop is not None and release is not None:
            app_loop.call_soon_threadsafe(release.set)

    monkeypatch.setattr(routes, "verify_password", held_verify)
    credentials = {"user": {"email": account.email, "password": account.password}}
    admitted = [
        asyncio.ensure_future(racing_client.post("/api/users/login", json=credentials))
        for _ in range(MAX_LOGINS_IN_PROGRESS)
    ]
    # Bounds for a loaded machine, so that a login that never comes back fails the test
    # instead of holding the suite; the held logins are always let go.
    try:
        assert await asyncio.to_thread(full.wait, 120), f"only {waiting} logins were held"
        refused = await asyncio.wait_for(
            racing_client.post("/api/users/login", json=credentials), timeout=120
        )
    finally:
        let_them_go()
    answers = await asyncio.wait_for(asyncio.gather(*admitted), timeout=120)
    assert refused.status_code == 429, refused.text
    assert refused.headers["Retry-After"] == "1"
    assert list(errors_of(refused)) == ["body"]
    assert [answer.status_code for answer in answers] == [200] * MAX_LOGINS_IN_PROGRESS
