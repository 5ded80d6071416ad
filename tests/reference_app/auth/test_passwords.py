"""Passwords: 8 characters to 72 UTF-8 bytes, never cut short, checked alike for every login."""

import asyncio
import threading
from collections.abc import AsyncIterator

import bcrypt
import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from reference_app.app import create_app
from reference_app.auth.passwords import check_password_rule, hash_password, verify_password
from reference_app.settings import Settings
from tests.reference_app.conftest import Conduit, OverlappingTransport, errors_of, sqlite_only

SEVENTY_TWO_BYTES = "€" * 24  # 3 bytes each in UTF-8
SEVENTY_THREE_BYTES = "a" * 71 + "é"  # 71 characters... plus one that takes 2 bytes


@pytest.mark.parametrize(
    "password",
    [
        pytest.param("a" * 8, id="8-ascii"),
        pytest.param("a" * 72, id="72-ascii"),
        pytest.param(SEVENTY_TWO_BYTES, id="24-euro-signs-72-bytes"),
        pytest.param("🔑" * 18, id="18-emoji-72-bytes"),
    ],
)
def test_the_rule_accepts_8_to_72_bytes(password: str) -> None:
    assert check_password_rule(password) == password


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        pytest.param("a" * 7, "at least 8", id="7-ascii"),
        pytest.param(SEVENTY_THREE_BYTES, "at most 72 bytes", id="72-chars-73-bytes"),
        pytest.param("€" * 25, "at most 72 bytes", id="25-euro-signs-75-bytes"),
        pytest.param("a" * 73, "at most 72 bytes", id="73-ascii"),
    ],
)
def test_the_rule_refuses_what_is_too_short_or_too_long_in_bytes(
    password: str, reason: str
) -> None:
    with pytest.raises(ValueError, match=reason):
        check_password_rule(password)


async def test_a_72_byte_password_matches_only_itself() -> None:
    stored = await hash_password(SEVENTY_TWO_BYTES, rounds=4)
    assert await verify_password(SEVENTY_TWO_BYTES, stored)
    assert not await verify_password(SEVENTY_TWO_BYTES + "x", stored), "bcrypt cut it at 72 bytes"
    assert not await verify_password("€" * 23, stored)


async def test_hashing_twice_gives_two_salts() -> None:
    first, second = [await hash_password("correct horse", rounds=4) for _ in range(2)]
    assert first != second
    assert first.startswith("$2b$04$"), "the cost is stored in the hash"


@sqlite_only
async def test_a_72_byte_password_of_multibyte_characters_registers_and_logs_in(
    conduit: Conduit,
) -> None:
    account = await conduit.register(password=SEVENTY_TWO_BYTES)
    response = await conduit.login(account.email, SEVENTY_TWO_BYTES)
    assert response.status_code == 200, response.text


@sqlite_only
async def test_a_73_byte_password_is_refused_with_a_message_about_bytes(
    client: AsyncTestClient[Litestar],
) -> None:
    user = {"username": "jake", "email": "jake@example.org", "password": SEVENTY_THREE_BYTES}
    response = await client.post("/api/users", json={"user": user})
    assert response.status_code == 422, response.text
    (message,) = errors_of(response)["password"]
    assert "72 bytes" in message


@sqlite_only
async def test_a_password_too_long_to_change_to_is_refused(conduit: Conduit) -> None:
    account = await conduit.register()
    response = await conduit.client.put(
        "/api/user", json={"user": {"password": SEVENTY_THREE_BYTES}}, headers=account.headers
    )
    assert response.status_code == 422, response.text
    assert "password" in errors_of(response)
    assert (await conduit.login(account.email, account.password)).status_code == 200


@sqlite_only
@pytest.mark.parametrize(
    "attempt",
    [
        pytest.param(SEVENTY_TWO_BYTES + "x", id="the-password-plus-one-letter"),
        pytest.param(SEVENTY_TWO_BYTES + "€" * 100, id="the-password-plus-300-bytes"),
    ],
)
async def test_a_login_longer_than_72_bytes_answers_401_not_500(
    conduit: Conduit, attempt: str
) -> None:
    account = await conduit.register(password=SEVENTY_TWO_BYTES)
    response = await conduit.login(account.email, attempt)
    assert response.status_code == 401, response.text
    assert errors_of(response) == {"email or password": ["is invalid"]}


@sqlite_only
@pytest.mark.parametrize(
    "who",
    [
        pytest.param("unknown-email", id="unknown-email"),
        pytest.param("wrong-password", id="wrong-password"),
        pytest.param("right-password", id="right-password"),
    ],
)
async def test_every_login_costs_exactly_one_bcrypt_check(
    conduit: Conduit, monkeypatch: pytest.MonkeyPatch, who: str
) -> None:
    """An unknown email takes the same path as a wrong password, so it cannot be told apart."""
    account = await conduit.register()
    checks: list[bytes] = []
    real_checkpw = bcrypt.checkpw

    def counting_checkpw(password: bytes, hashed_password: bytes) -> bool:
        checks.append(hashed_password)
        return real_checkpw(password, hashed_password)

    monkeypatch.setattr(bcrypt, "checkpw", counting_checkpw)
    email, password = {
        "unknown-email": ("nobody@example.org", account.password),
        "wrong-password": (account.email, "wrong horse"),
        "right-password": (account.email, account.password),
    }[who]
    response = await conduit.login(email, password)
    assert response.status_code == (200 if who == "right-password" else 401), response.text
    assert len(checks) == 1, f"bcrypt.checkpw ran {len(checks)} times for {who}"
    assert checks[0].startswith(b"$2b$04$"), "checked against a hash of the configured cost"


@pytest.fixture
async def slow_hashing_client(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    """The app with bcrypt at a realistic cost, where a check takes half a second or more."""
    app = create_app(settings.model_copy(update={"bcrypt_rounds": 13}))
    await app.state.database.create_tables()
    await app.state.database.dispose()
    async with AsyncTestClient(app=app) as client:
        yield client


@sqlite_only
async def test_bcrypt_never_blocks_the_event_loop(
    slow_hashing_client: AsyncTestClient[Litestar], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While logins are busy in bcrypt, a cheap request is answered before any of them."""
    conduit = Conduit(slow_hashing_client)
    account = await conduit.register()
    first_check_started = threading.Event()
    finished_checks: list[str] = []
    real_checkpw = bcrypt.checkpw

    def watched_checkpw(password: bytes, hashed_password: bytes) -> bool:
        first_check_started.set()
        try:
            return real_checkpw(password, hashed_password)
        finally:
            finished_checks.append("checkpw")

    monkeypatch.setattr(bcrypt, "checkpw", watched_checkpw)
    login = {"user": {"email": account.email, "password": account.password}}
    transport = OverlappingTransport(slow_hashing_client)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as racing:
        logins = [
            asyncio.ensure_future(racing.post("/api/users/login", json=login)) for _ in range(3)
        ]
        assert await asyncio.to_thread(first_check_started.wait, 30), "no login reached bcrypt"
        health = await racing.get("/health")
        checks_done_when_health_answered = len(finished_checks)
        pending_logins = sum(not login.done() for login in logins)
        answers = await asyncio.gather(*logins)
    assert health.status_code == 200
    assert checks_done_when_health_answered == 0, "health waited for bcrypt: it ran on the loop"
    assert pending_logins == len(logins)
    assert [answer.status_code for answer in answers] == [200] * len(logins)
