"""A session-aware client: the app served over HTTPS (the refresh cookie is Secure)."""

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from reference_app.sessions.cookies import REFRESH_COOKIE
from tests.reference_app.conftest import Account, Conduit

BASE_URL = "https://testserver.local"


class MovableClock:
    """A clock a test moves by hand: expiry is proven without waiting for it."""

    def __init__(self) -> None:
        self.now = datetime.now().astimezone()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, by: timedelta) -> None:
        self.now += by


@dataclass
class SignedIn:
    """What a session sign-in or refresh answered."""

    response: httpx.Response
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Token {self.access_token}"}


class SessionClient(Conduit):
    async def start_session(self, account: Account) -> SignedIn:
        response = await self.client.post(
            "/api/users/sessions",
            json={"user": {"email": account.email, "password": account.password}},
        )
        return signed_in(response)

    async def refresh(self, refresh_token: str) -> httpx.Response:
        # Sent by hand: the test client's cookie jar would also replay tokens on its own.
        self.client.cookies.clear()
        return await self.client.post(
            "/api/users/refresh", headers={"Cookie": f"{REFRESH_COOKIE}={refresh_token}"}
        )

    async def logout(self, headers: dict[str, str]) -> httpx.Response:
        return await self.client.post("/api/users/logout", headers=headers)

    async def me(self, headers: dict[str, str]) -> httpx.Response:
        return await self.client.get("/api/user", headers=headers)


def signed_in(response: httpx.Response) -> SignedIn:
    """The tokens of a successful sign-in or refresh (fails the test on any other answer)."""
    assert response.status_code == 200, response.text
    refresh_token = response.cookies.get(REFRESH_COOKIE)
    assert refresh_token, f"no refresh cookie in {response.headers.get_list('set-cookie')}"
    return SignedIn(response, response.json()["user"]["token"], refresh_token)


@pytest.fixture
def clock(app: Litestar) -> Iterator[MovableClock]:
    """The app's sessions read this clock for the test's duration."""
    moving = MovableClock()
    original = app.state.sessions
    app.state.sessions = replace(original, clock=moving)
    yield moving
    app.state.sessions = original  # the app is shared by the tests on its database


@pytest.fixture
async def https_client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app, base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def sessions(https_client: AsyncTestClient[Litestar]) -> SessionClient:
    return SessionClient(https_client)
