"""Envelopes the checks seal themselves, in the course's format, to hand to `open_sealed`."""

import base64
import os
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

NONCE_BYTES = 12


def sealed_by_hand(key: bytes, key_id: str, plaintext: str, place: str) -> str:
    """`v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`, bound to `v1.<key id>|<place>`."""
    header = f"v1.{key_id}"
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(key).encrypt(nonce, plaintext.encode(), f"{header}|{place}".encode())
    return f"{header}.{base64.urlsafe_b64encode(nonce + ciphertext).decode().rstrip('=')}"


def with_body(sealed: str, change: Any) -> str:
    """The envelope with its base64url body changed by `change` (text in, text out)."""
    header, _, body = sealed.rpartition(".")
    return f"{header}.{change(body)}"


def fresh_keys(*key_ids: str) -> dict[str, bytes]:
    """A new AES-256 key for each id, as its bytes."""
    return {key_id: AESGCM.generate_key(bit_length=256) for key_id in key_ids}
