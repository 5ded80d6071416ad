"""Who is calling: every missing, malformed, forged or stale token answers 401."""

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from litestar import Litestar

from reference_app.auth.tokens import TokenConfig, issue_token
from tests.reference_app.conftest import Conduit, errors_of, sqlite_only

# Each case turns the app's token config and a real user's id into an Authorization header.
HeaderFor = Callable[[TokenConfig, int], dict[str, str]]


def _token(token: str) -> dict[str, str]:
    return {"Authorization": f"Token {token}"}


def _tampered(config: TokenConfig, user_id: int) -> dict[str, str]:
    header, payload, signature = issue_token(user_id, config).split(".")
    flipped = ("B" if signature[0] == "A" else "A") + signature[1:]
    return _token(f"{header}.{payload}.{flipped}")


def _claims(config: TokenConfig, user_id: int) -> dict[str, object]:
    now = datetime.now(UTC)
    return {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(hours=1),
        "iss": config.issuer,
        "aud": config.audience,
    }


BAD_HEADERS: list[object] = [
    pytest.param(lambda config, user_id: {}, id="missing"),
    pytest.param(lambda config, user_id: {"Authorization": "Bogus x"}, id="unknown-scheme"),
    pytest.param(lambda config, user_id: {"Authorization": "Token"}, id="scheme-alone"),
    pytest.param(lambda config, user_id: {"Authorization": "Token   "}, id="scheme-and-spaces"),
    pytest.param(lambda config, user_id: _token("not-a-jwt"), id="not-a-jwt"),
    pytest.param(_tampered, id="signature-changed"),
    pytest.param(
        lambda config, user_id: _token(
            issue_token(user_id, config, now=datetime.now(UTC) - timedelta(days=30))
        ),
        id="expired",
    ),
    pytest.param(
        lambda config, user_id: _token(issue_token(user_id, replace(config, issuer="evil"))),
        id="wrong-issuer",
    ),
    pytest.param(
        lambda config, user_id: _token(issue_token(user_id, replace(config, audience="other"))),
        id="wrong-audience",
    ),
    pytest.param(
        lambda config, user_id: _token(
            jwt.encode(_claims(config, user_id), None, algorithm="none")
        ),
        id="alg-none",
    ),
    pytest.param(
        lambda config, user_id: _token(
            jwt.encode(_claims(config, user_id), config.key, algorithm="HS512")
        ),
        id="alg-hs512",
        marks=pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning"),
    ),
    pytest.param(
        lambda config, user_id: _token(issue_token(user_id, replace(config, key="k" * 64))),
        id="signed-with-another-key",
    ),
    pytest.param(
        lambda config, user_id: _token(issue_token(user_id + 1000, config)),
        id="user-does-not-exist",
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
    user_id = int(jwt.decode(account.token, options={"verify_signature": False})["sub"])
    response = await conduit.client.request(
        method, path, headers=header_for(app.state.token_config, user_id)
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
    user_id = int(jwt.decode(account.token, options={"verify_signature": False})["sub"])
    response = await conduit.client.get(
        "/api/articles", headers=header_for(app.state.token_config, user_id)
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
