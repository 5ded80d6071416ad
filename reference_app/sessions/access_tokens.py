"""Access tokens of a session: the RealWorld token's claims, a `sid`, and minutes to live.

They are signed and checked like every other token (auth/tokens.py), so `read_token` accepts
them as it is; the `sid` claim then names the session that must still be live.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from reference_app.auth.tokens import ALGORITHM, REQUIRED_CLAIMS, TokenConfig


@dataclass(frozen=True, slots=True)
class SessionClaims:
    """What a checked token says beyond its user: its session (None for RealWorld tokens)."""

    session_id: str | None
    issued_at: datetime


def issue_access_token(
    user_id: int, session_id: str, config: TokenConfig, lifetime: timedelta, now: datetime
) -> str:
    claims = {
        "sub": str(user_id),
        "sid": session_id,
        "iat": now,
        "exp": now + lifetime,
        "iss": config.issuer,
        "aud": config.audience,
    }
    return jwt.encode(claims, config.key, algorithm=ALGORITHM)


def session_claims(token: str, config: TokenConfig) -> SessionClaims:
    """The session claims of a token `read_token` accepted (checked again: never trust unread)."""
    claims = jwt.decode(
        token,
        config.key,
        algorithms=[ALGORITHM],
        issuer=config.issuer,
        audience=config.audience,
        options={"require": REQUIRED_CLAIMS},
    )
    session_id = claims.get("sid")
    return SessionClaims(
        session_id=session_id if isinstance(session_id, str) else None,
        issued_at=datetime.fromtimestamp(int(claims["iat"]), UTC),
    )
