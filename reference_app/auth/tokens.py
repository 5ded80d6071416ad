"""Access tokens: signed JWTs that say who the caller is and until when.

Decoding pins the algorithm: a token that names another one (`none`, or RS256 to trick the
server into using its secret as a public key) is refused before its signature is looked at.
Every claim the server relies on must be present, not just valid when present.

A token names its user by `uid`, random and never reused, not by the row id: ids come back
when a table is re-created (`make seed`), and a token naming one would sign its holder in as
whoever got that id next.
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


def issue_token(subject: str, config: TokenConfig, now: datetime | None = None) -> str:
    """A token for `subject`, the uid of the user it signs in."""
    # --- lab 02: issue_token ---
    issued_at = now or datetime.now(UTC)
    claims = {
        "sub": subject,
        "iat": issued_at,
        "exp": issued_at + config.lifetime,
        "iss": config.issuer,
        "aud": config.audience,
    }
    return jwt.encode(claims, config.key, algorithm=ALGORITHM)
    # --- end lab 02: issue_token ---


def read_token(token: str, config: TokenConfig) -> str:
    """Return the subject (the user's uid) a token was issued to, or raise InvalidToken."""
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
        subject: str = claims["sub"]  # PyJWT has checked that it is a string
        return subject
    except jwt.InvalidTokenError as error:
        raise InvalidToken(str(error)) from error
    # --- end lab 02: read_token ---
