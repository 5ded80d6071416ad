"""Tokens the checks forge, to see which ones the server refuses."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from labs.engine.inside import Inside


def _part(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def claims_of(token: str) -> dict[str, Any]:
    """The claims of a JWT, read without checking it (empty if it is not a JWT)."""
    try:
        payload = token.split(".")[1]
        return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))
    except (IndexError, ValueError):
        return {}


def unsigned(token: str) -> str:
    """The same claims with `alg: none` and no signature."""
    return f"{_part({'alg': 'none', 'typ': 'JWT'})}.{_part(claims_of(token))}."


def tampered(token: str) -> str:
    """The same token with its claims changed (a later expiry) and the old signature kept."""
    header, _, signature = token.partition(".")[0], None, token.rpartition(".")[2]
    claims = claims_of(token)
    claims["exp"] = int(claims.get("exp", 0)) + 3600
    return f"{header}.{_part(claims)}.{signature}"


def signed_with(key: str, claims: dict[str, Any]) -> str:
    """The claims signed with HS256 and `key`, written by hand: PyJWT refuses an empty key."""
    head = f"{_part({'alg': 'HS256', 'typ': 'JWT'})}.{_part(claims)}"
    mac = hmac.new(key.encode(), head.encode(), hashlib.sha256).digest()
    return f"{head}.{base64.urlsafe_b64encode(mac).rstrip(b'=').decode()}"


def signed(inside: Inside, subject: str, *, leave_out: str = "", **changes: Any) -> str:
    """A token signed with the app's own key: valid unless `changes` or `leave_out` spoil it."""
    now = datetime.now(UTC)
    claims = {
        "sub": subject,
        "iat": now,
        "exp": now + timedelta(hours=1),
        "iss": inside.issuer,
        "aud": inside.audience,
        **changes,
    }
    claims.pop(leave_out, None)
    return jwt.encode(claims, inside.secret_key, algorithm="HS256")
