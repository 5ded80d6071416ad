"""Who is calling: every missing, malformed, forged or stale token answers 401."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from litestar import Litestar
from sqlalchemy import text

from reference_app.auth.tokens import TokenConfig, issue_token
from reference_app.database import Database
from reference_app.seed import seed
from reference_app.settings import Settings
from tests.reference_app.conftest import Conduit, errors_of, sqlite_only

# Each case turns the app's token config and a real user's uid into an Authorization header.
HeaderFor = Callable[[TokenConfig, str], dict[str, str]]


def _token(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def _tampered(config: TokenConfig, user_uid: str) -> dict[str, str]:
    header, payload, signature = issue_token(user_uid, config).split(".")
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    return _token(f"{header}.{payload}.{flipped}")


def _claims(config: TokenConfig, user_uid: str) -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "sub": user_uid,
        "iat": now,
        "exp": now + timedelta(hours=1),
        "iss": config.issuer,
        "aud": config.audience,
    }


BAD_HEADERS: list[object] = [
    pytest.param(lambda config, user_uid: {}, id="missing"),
    pytest.param(lambda config, user_uid: {"Authorization": "Bogus x"}, id="unknown-scheme"),
    pytest.param(lambda config, user_uid: {"Authorization": "Token"}, id="scheme-alone"),
    pytest.param(lambda config, user_uid: {"Authorization": "Token   "}, id="scheme-and-spaces"),
    pytest.param(lambda config, user_uid: _token("not-a-jwt"), id="not-a-jwt"),
    pytest.param(_tampered, id="signature-changed"),
    pytest.param(
        lambda config, user_uid: _token(
            issue_token(user_uid, config, now=datetime.now(UTC) - timedelta(days=30))
        ),
        id="expired",
    ),
    pytest.param(
        lambda config, user_uid: _token(issue_token(user_uid, replace(config, issuer="evil"))),
        id="wrong-issuer",
    ),
    pytest.param(
        lambda config, user_uid: _token(issue_token(user_uid, replace(config, audience="other"))),
        id="wrong-audience",
    ),
    pytest.param(
        lambda config, user_uid: _token(
            jwt.encode(_claims(config, user_uid), None, algorithm="none")
        ),
        id="alg-none",
    ),
    pytest.param(
        lambda config, user_uid: _token(
            jwt.encode(_claims(config, user_uid), config.key, algorithm="HS512")
        ),
        id="alg-hs512",
        marks=pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning"),
    ),
    pytest.param(
        lambda config, user_uid: _token(issue_token(user_uid, replace(config, key="k" * 64))),
        id="signed-with-another-key",
    ),
    pytest.param(
        lambda config, user_uid: _token(issue_token(user_uid[::-1], config)),
        id="user-does-not-exist",
    ),
    pytest.param(
        # The test's account is the only user of its emptied SQLite table: its row id is 1.
        lambda config, user_uid: _token(issue_token("1", config)),
        id="names-a-row-id",
    ),
]


@sqlite_only
@pytest.mark.parametrize("header_for", BAD_HEADERS)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("GET", "/api/user", id="current-user"),
        pytest.param("POST", "/api/articles/some-slug/favorite", id="favorite"),
    ],
)
async def test_a_bad_or_missing_token_answers_401_where_sign_in_is_required(
    app: Litestar, conduit: Conduit, header_for: HeaderFor, method: str, path: str
) -> None:
    account = await conduit.register()
    user_uid = jwt.decode(account.token, options={"verify_signature": False})["sub"]
    response = await conduit.client.request(
        method, path, headers=header_for(app.state.token_config, user_uid)
    )
    assert response.status_code == 401, response.text
    assert list(errors_of(response)) == ["token"]
    assert response.headers["WWW-Authenticate"] == "Token"


@sqlite_only
@pytest.mark.parametrize("header_for", BAD_HEADERS[1:])  # all but "missing"
async def test_a_bad_token_is_refused_even_where_sign_in_is_optional(
    app: Litestar, conduit: Conduit, header_for: HeaderFor
) -> None:
    """Ignoring a bad token would quietly serve a signed-out page to a signed-in user."""
    account = await conduit.register()
    user_uid = jwt.decode(account.token, options={"verify_signature": False})["sub"]
    response = await conduit.client.get(
        "/api/articles", headers=header_for(app.state.token_config, user_uid)
    )
    assert response.status_code == 401, response.text


@sqlite_only
@pytest.mark.parametrize("scheme", ["Token", "Bearer", "token"])
async def test_the_token_is_accepted_after_token_or_bearer(conduit: Conduit, scheme: str) -> None:
    account = await conduit.register()
    response = await conduit.client.get(
        "/api/user", headers={"Authorization": f"{scheme} {account.token}"}
    )
    assert response.status_code == 200, response.text


async def _recreate_and_seed(settings: Settings) -> None:
    """What `make seed` does to a database dropped meanwhile: migrations make it anew, then
    the demo users are written first, and so take its first ids."""
    database = Database(settings.database_url, cipher=settings.field_cipher)
    try:
        await database.drop_tables()
        async with database.engine.begin() as connection:
            await connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        await seed(database, settings.bcrypt_rounds)
    finally:
        await database.dispose()


async def _user_id(settings: Settings, username: str) -> int:
    database = Database(settings.database_url)
    try:
        async with database.engine.connect() as connection:
            query = text("SELECT id FROM users WHERE username = :name")
            return int((await connection.execute(query, {"name": username})).scalar_one())
    finally:
        await database.dispose()


async def test_a_token_from_before_the_database_was_recreated_signs_nobody_in(
    settings: Settings, conduit: Conduit
) -> None:
    """The issue's scenario: a token outlives its database, and its user's id goes to another."""
    await _recreate_and_seed(settings)
    dave = await conduit.register("dave")
    daves_id = await _user_id(settings, "dave")
    await _recreate_and_seed(settings)
    erin = await conduit.register("erin")
    assert await _user_id(settings, "erin") == daves_id, "erin should get dave's old row id"

    stale = await conduit.client.get("/api/user", headers=dave.headers)
    assert stale.status_code == 401, f"dave's old token signed in: {stale.text}"
    assert errors_of(stale) == {"token": ["is invalid: its user no longer exists"]}
    fresh = await conduit.client.get("/api/user", headers=erin.headers)
    assert fresh.json()["user"]["username"] == "erin"
