"""Keys: the ring of AES-GCM keys (one seals, all open) and the blind index's key.

A ring is written `id:base64key,id:base64key` (commas or new lines between keys), newest
first: the first key seals new values, every key listed opens the values it sealed. Rotation
is then a change of configuration followed by a command (see rotation.py):

1. add the new key *second* and deploy: every server can now open what it will seal;
2. move it first and deploy: new values are sealed with it;
3. `python -m reference_app rotate-keys` re-seals the old values, while the app serves;
4. `python -m reference_app retire-key <old id>` once no value uses the old key; remove it.
"""

import base64
import binascii
import contextlib
import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

from reference_app.encryption.envelope import KEY_ID

KEY_BYTES = 32  # AES-256, and a 256-bit HMAC key
MIN_DISTINCT_BYTES = 16  # 32 random bytes have about 31 distinct values; "aaaa..." has one


class KeyProblem(ValueError):
    """A key ring or key that cannot be used, with what is wrong."""


@dataclass(frozen=True)
class KeyRing:
    """AES-GCM keys by id; `current` is the one that seals."""

    current: str
    keys: Mapping[str, bytes] = field(repr=False)

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise KeyProblem(f"the current key {self.current!r} is not in the ring")

    def text(self) -> str:
        """The ring written as the settings and the key file take it."""
        return ",".join(f"{key_id}:{_encode(key)}" for key_id, key in self.keys.items())

    def with_new_key(self) -> "KeyRing":
        """This ring with a fresh random key in front (it will seal; the others still open)."""
        numbers = [int(key_id[1:]) for key_id in self.keys if key_id[1:].isdigit()]
        new_id = f"k{max(numbers, default=0) + 1}"
        return KeyRing(new_id, {new_id: secrets.token_bytes(KEY_BYTES), **self.keys})

    def without(self, key_id: str) -> "KeyRing":
        if key_id == self.current:
            raise KeyProblem(f"{key_id!r} is the key that seals: it cannot leave the ring")
        return KeyRing(self.current, {k: v for k, v in self.keys.items() if k != key_id})


def new_ring() -> KeyRing:
    return KeyRing("k1", {"k1": secrets.token_bytes(KEY_BYTES)})


def new_key_text() -> str:
    return _encode(secrets.token_bytes(KEY_BYTES))


def parse_ring(text: str) -> KeyRing:
    """Read `id:base64key,id:base64key` (newest first); say what is wrong if it cannot be used."""
    keys: dict[str, bytes] = {}
    for entry in text.replace("\n", ",").split(","):
        if not entry.strip():
            continue
        key_id, separator, encoded = entry.strip().partition(":")
        if not separator or not KEY_ID.fullmatch(key_id):
            raise KeyProblem(
                "each key is written '<id>:<base64 key>', its id made of a-z, 0-9 and '-'"
            )
        if key_id in keys:
            raise KeyProblem(f"key id {key_id!r} appears twice")
        keys[key_id] = parse_key(encoded, name=f"key {key_id!r}")
    if not keys:
        raise KeyProblem("holds no key")
    return KeyRing(next(iter(keys)), keys)


def parse_key(encoded: str, *, name: str = "the key") -> bytes:
    try:
        key = base64.urlsafe_b64decode(encoded.strip() + "=" * (-len(encoded.strip()) % 4))
    except (binascii.Error, ValueError) as error:
        raise KeyProblem(f"{name} is not base64") from error
    if len(key) != KEY_BYTES:
        raise KeyProblem(f"{name} is {len(key)} bytes long, not {KEY_BYTES}")
    if len(set(key)) < MIN_DISTINCT_BYTES:
        raise KeyProblem(f"{name} is weak: too few distinct bytes to be random")
    return key


def reuse_problem(keys: Mapping[str, bytes], signing_secret: str | None) -> str | None:
    """Say whether a key is the token signing secret again, or one of the usual derivations.

    One secret for two jobs means a leak of either gives away both (and tokens are seen by
    every client: a mistake there must not open the database).
    """
    if signing_secret is None:
        return None
    raw = signing_secret.encode()
    derived = {
        raw,
        raw[:KEY_BYTES],
        raw.ljust(KEY_BYTES, b"\0")[:KEY_BYTES],
        hashlib.sha256(raw).digest(),
    }
    with contextlib.suppress(binascii.Error, ValueError):
        derived.add(base64.urlsafe_b64decode(signing_secret + "=" * (-len(signing_secret) % 4)))
    reused = [name for name, key in keys.items() if key in derived]
    return f"{reused[0]} is the token signing secret, or made from it" if reused else None


def _encode(key: bytes) -> str:
    return base64.urlsafe_b64encode(key).decode().rstrip("=")
