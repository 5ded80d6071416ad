"""Access tokens: signed JWTs that say who the caller is and until when.

Decoding pins the algorithm: a token that names another one (`none`, or RS256 to trick the
server into using its secret as a public key) is refused before its signature is looked at.
Every claim the server relies on must be present, not just valid when present.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import jwt

ALGORITHM = "HS256"
REQUIRED_CLAIMS = ["exp", "iat", "sub", "iss", "aud"]


@dataclass(frozen=True, slots=True)
class TokenConfig:
    """What signing and checking a token needs; the key stays out of `repr`."""

    key: str = field(repr=False)
    issuer: str = "conduit"
    audience: str = "conduit-api"
    lifetime: timedelta = timedelta(days=7)


class InvalidToken(Exception):
    """The token is malformed, forged, expired, or not meant for this server."""


def issue_token(user_id: int, config: TokenConfig, now: datetime | None = None) -> str:
    # --- lab 02: issue_token ---
    issued_at = now or datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "iat": issued_at,
        "exp": issued_at + config.lifetime,
        "iss": config.issuer,
        "aud": config.audience,
    }
    return jwt.encode(claims, config.key, algorithm=ALGORITHM)
    # --- end lab 02: issue_token ---


def read_token(token: str, config: TokenConfig) -> int:
    """Return the user id a token was issued to, or raise InvalidToken."""
    # --- lab 02: read_token ---
    try:
        claims = jwt.decode(
            token,
            config.key,
            algorithms=[ALGORITHM],
            issuer=config.issuer,
            audience=config.audience,
            options={"require": REQUIRED_CLAIMS},
        )
        return int(claims["sub"])
    except (jwt.InvalidTokenError, ValueError) as error:
        raise InvalidToken(str(error)) from error
    # --- end lab 02: read_token ---
