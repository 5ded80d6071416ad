"""Sealed values as the database holds them: `v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>`.

The checks read them raw, take them apart and spoil them on purpose, to see what the app does.
"""

import base64
import binascii
from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

NONCE_BYTES, TAG_BYTES = 12, 16


@dataclass(frozen=True)
class Sealed:
    """One stored value, taken apart (`body` is empty when it is not base64url)."""

    text: str
    version: str
    key_id: str
    body: bytes

    @property
    def nonce(self) -> bytes:
        return self.body[:NONCE_BYTES]

    @property
    def ciphertext(self) -> bytes:
        """What lies between the nonce and the tag: the plaintext's encryption."""
        return self.body[NONCE_BYTES:-TAG_BYTES]


def parse(text: str) -> Sealed:
    version, _, rest = text.partition(".")
    key_id, _, encoded = rest.partition(".")
    try:
        body = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except (binascii.Error, ValueError):
        body = b""
    return Sealed(text, version, key_id, body)


def flipped(text: str) -> str:
    """The same envelope with one bit of its ciphertext flipped (the header left as it was)."""
    sealed = parse(text)
    body = bytearray(sealed.body)
    body[min(NONCE_BYTES, len(body) - 1)] ^= 0x01
    encoded = base64.urlsafe_b64encode(bytes(body)).decode().rstrip("=")
    return f"{sealed.version}.{sealed.key_id}.{encoded}"


def disguises(plaintext: str) -> list[str]:
    """The plaintext and the encodings that only look like encryption (base64, hex)."""
    raw = plaintext.encode()
    return [
        plaintext,
        plaintext.lower(),
        base64.b64encode(raw).decode().rstrip("="),
        base64.urlsafe_b64encode(raw).decode().rstrip("="),
        raw.hex(),
    ]


def key_bytes(encoded: str) -> bytes:
    """A key of the ring as `ENCRYPTION_KEYS` gives it (base64url, unpadded), as bytes."""
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))


def aes_gcm_plaintext(key: bytes, sealed: Sealed) -> bytes:
    """What `sealed`'s ciphertext holds if it is AES-GCM's under `key` and its nonce.

    AES-GCM encrypts with AES in counter mode, the counter starting at nonce ‖ 2 (a 12-byte
    nonce): this reads the ciphertext that way, whatever associated data its tag binds (the
    checks of moved values judge that). An obfuscation, a stream of another key or no
    encryption at all reads as noise.
    """
    if len(sealed.nonce) != NONCE_BYTES:
        return b""
    counter = sealed.nonce + (2).to_bytes(4, "big")
    decryptor = Cipher(algorithms.AES(key), modes.CTR(counter)).decryptor()
    return decryptor.update(sealed.ciphertext) + decryptor.finalize()
