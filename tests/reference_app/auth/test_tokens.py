"""Access tokens: what they carry, and every way a forged or stale one is refused."""

from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from reference_app.auth.tokens import (
    REQUIRED_CLAIMS,
    InvalidToken,
    TokenConfig,
    issue_token,
    read_token,
)

KEY = "a-signing-key-long-enough-for-every-hmac-the-tests-try-0123456789"
CONFIG = TokenConfig(key=KEY, issuer="conduit", audience="conduit-api")
# Tokens name users by their uid (users.uid, random, never reused), never by their row id.
UID = "3f9c0a7be21d4c5f8a6b0e1d2c3b4a59"
OTHER_UID = "c1d2e3f405a6b7c8d9e0f1a2b3c4d5e6"


def _claims(**changes: Any) -> dict[str, Any]:
    now = datetime.now(UTC)
    claims = {
        "sub": UID,
        "iat": now,
        "exp": now + timedelta(hours=1),
        "iss": "conduit",
        "aud": "conduit-api",
    }
    claims.update(changes)
    return claims


def test_a_token_carries_its_user_and_every_claim_the_server_relies_on() -> None:
    token = issue_token(UID, CONFIG)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert set(REQUIRED_CLAIMS) <= set(claims), f"claims present: {sorted(claims)}"
    assert claims["sub"] == UID
    assert claims["iss"] == "conduit"
    assert claims["aud"] == "conduit-api"
    assert claims["exp"] - claims["iat"] == CONFIG.lifetime.total_seconds()
    assert read_token(token, CONFIG) == UID


def test_a_token_is_signed_with_hs256() -> None:
    assert jwt.get_unverified_header(issue_token(UID, CONFIG))["alg"] == "HS256"


@pytest.mark.parametrize("claim", REQUIRED_CLAIMS)
def test_a_token_without_a_required_claim_is_refused(claim: str) -> None:
    claims = _claims()
    del claims[claim]
    token = jwt.encode(claims, KEY, algorithm="HS256")
    with pytest.raises(InvalidToken):
        read_token(token, CONFIG)


def _unsigned(claims: dict[str, Any]) -> str:
    return jwt.encode(claims, None, algorithm="none")


@pytest.mark.parametrize(
    "token",
    [
        pytest.param(jwt.encode(_claims(), KEY, algorithm="HS512"), id="signed-hs512"),
        pytest.param(_unsigned(_claims()), id="alg-none"),
        pytest.param(jwt.encode(_claims(), "another-key-" * 4, algorithm="HS256"), id="other-key"),
        pytest.param(jwt.encode(_claims(iss="someone-else"), KEY, algorithm="HS256"), id="issuer"),
        pytest.param(jwt.encode(_claims(aud="another-api"), KEY, algorithm="HS256"), id="audience"),
        pytest.param(jwt.encode(_claims(sub=7), KEY, algorithm="HS256"), id="sub-not-a-string"),
        pytest.param("not.a.jwt", id="garbage"),
    ],
)
def test_a_token_the_server_did_not_issue_for_itself_is_refused(token: str) -> None:
    with pytest.raises(InvalidToken):
        read_token(token, CONFIG)


def test_a_token_with_a_changed_signature_is_refused() -> None:
    header, payload, signature = issue_token(UID, CONFIG).split(".")
    changed = signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")
    with pytest.raises(InvalidToken, match=r"(?i)signature"):
        read_token(f"{header}.{payload}.{changed}", CONFIG)


def test_a_token_with_a_changed_payload_is_refused() -> None:
    header, _, signature = issue_token(UID, CONFIG).split(".")
    _, other_payload, _ = issue_token(OTHER_UID, CONFIG).split(".")
    with pytest.raises(InvalidToken):
        read_token(f"{header}.{other_payload}.{signature}", CONFIG)


def test_an_expired_token_is_refused() -> None:
    token = issue_token(UID, CONFIG, now=datetime.now(UTC) - CONFIG.lifetime - timedelta(minutes=1))
    with pytest.raises(InvalidToken, match="expired"):
        read_token(token, CONFIG)


def test_the_key_stays_out_of_repr() -> None:
    assert KEY not in repr(CONFIG)
    assert "conduit-api" in repr(CONFIG), "the rest of the config is still worth showing"
