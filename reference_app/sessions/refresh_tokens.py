"""Refresh tokens: opaque random values, stored only as a hash.

A refresh token is 256 random bits, not a password: nobody can guess it, so a fast hash is
enough to keep a stolen copy of the table useless (bcrypt's slowness protects guessable
secrets; here it would only slow every refresh). The hash is also what finds the row.
"""

import hashlib
import secrets

TOKEN_BYTES = 32


def new_refresh_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_refresh_token(token: str) -> str:
    """The SHA-256 of a refresh token, in hex: what the database keeps and looks up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_session_id() -> str:
    return secrets.token_hex(16)
