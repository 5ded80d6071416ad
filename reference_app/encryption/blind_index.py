"""Blind indexes: find a row by a value that is stored encrypted, without storing it in clear.

AES-GCM seals the same email differently every time (a fresh nonce each time), so the
database cannot compare sealed values. Beside each sealed email the row keeps a keyed hash of
it, HMAC-SHA256 under a key of its own: equal emails give equal indexes, so a unique
constraint and an index lookup work on it, while without the key nobody can compute the index
of a guessed email. What it still shows is equality: which rows hold the same value.
"""

import hashlib
import hmac


def normalise_email(email: str) -> str:
    """The form an email is indexed in: `Alice@Example.org ` and `alice@example.org` are one."""
    return email.strip().lower()


def blind_index(key: bytes, place: str, normalised: str) -> str:
    """HMAC-SHA256 of the value under `key`, with its place (`users.email`) mixed in."""
    # --- lab 06: blind_index ---
    message = f"{place}|{normalised}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
    # --- end lab 06: blind_index ---
