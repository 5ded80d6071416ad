"""Access tokens of a session: the RealWorld token's claims, a `sid`, and minutes to live.

They are signed and checked like every other token (auth/tokens.py), so `read_token` accepts
them as it is; the `sid` claim then names the session that must still be live.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from reference_app.auth.tokens import ALGORITHM, TokenConfig


@dataclass(frozen=True, slots=True)
class SessionClaims:
    """What a checked token says beyond its user: its session (None for RealWorld tokens)."""

    session_id: str | None
    issued_at: datetime


def issue_access_token(
    subject: str, session_id: str, config: TokenConfig, lifetime: timedelta, now: datetime
) -> str:
    """An access token of a session, for `subject`: the uid of the user it signs in."""
    claims = {
        "sub": subject,
        "sid": session_id,
        "iat": now,
        "exp": now + lifetime,
        "iss": config.issuer,
        "aud": config.audience,
    }
    return jwt.encode(claims, config.key, algorithm=ALGORITHM)


def session_claims(token: str) -> SessionClaims:
    """The session claims of a token that `read_token` has accepted.

    They are read, not checked a second time: `read_token` alone decides whether a token is
    good (its signature, issuer, audience and expiry), so that a mistake there shows, and is
    not hidden by a second check made here. A token without `iat` counts as issued at the
    epoch: before any password change.
    """
    claims = jwt.decode(token, options={"verify_signature": False})
    session_id = claims.get("sid")
    issued_at = claims.get("iat")
    return SessionClaims(
        session_id=session_id if isinstance(session_id, str) else None,
        issued_at=datetime.fromtimestamp(
            issued_at if isinstance(issued_at, int | float) else 0, UTC
        ),
    )
