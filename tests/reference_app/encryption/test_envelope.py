"""The sealed format: intact values open where they were sealed, and nothing else opens."""

import base64
import secrets

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from reference_app.encryption.envelope import Undecryptable, key_id_of, open_sealed, seal

KEYS = {"k1": AESGCM(secrets.token_bytes(32)), "k2": AESGCM(secrets.token_bytes(32))}
PLACE = "users.email:0123456789abcdef0123456789abcdef"


def test_a_sealed_value_opens_where_it_was_sealed() -> None:
    sealed = seal(KEYS["k2"], "k2", "alice@example.org", PLACE)
    assert sealed.startswith("v1.k2.")
    assert key_id_of(sealed) == "k2"
    assert "alice" not in sealed
    assert open_sealed(KEYS, sealed, PLACE) == "alice@example.org"


def test_every_seal_uses_a_fresh_nonce() -> None:
    sealed = {seal(KEYS["k1"], "k1", "same", PLACE) for _ in range(50)}
    assert len(sealed) == 50, "the same plaintext sealed twice must not look the same"


def test_every_flipped_byte_is_refused() -> None:
    sealed = seal(KEYS["k1"], "k1", "bob@example.org", PLACE)
    header, body = sealed.rsplit(".", 1)
    raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    for position in range(len(raw)):
        for bit in (0x01, 0x80):
            flipped = bytearray(raw)
            flipped[position] ^= bit
            tampered = f"{header}.{base64.urlsafe_b64encode(flipped).decode().rstrip('=')}"
            with pytest.raises(Undecryptable, match="tag does not match"):
                open_sealed(KEYS, tampered, PLACE)


@pytest.mark.parametrize(
    "elsewhere",
    ["users.email:ffffffffffffffffffffffffffffffff", "users.bio:0123456789abcdef0123456789abcdef"],
    ids=["another-row", "another-column"],
)
def test_a_value_copied_to_another_place_is_refused(elsewhere: str) -> None:
    sealed = seal(KEYS["k1"], "k1", "carol@example.org", PLACE)
    with pytest.raises(Undecryptable, match="another place"):
        open_sealed(KEYS, sealed, elsewhere)


def test_a_header_naming_another_key_is_refused() -> None:
    sealed = seal(KEYS["k1"], "k1", "dave@example.org", PLACE)
    relabelled = "v1.k2." + sealed.split(".", 2)[2]
    with pytest.raises(Undecryptable):
        open_sealed(KEYS, relabelled, PLACE)


@pytest.mark.parametrize(
    ("stored", "problem"),
    [
        ("alice@example.org", "not a v1 sealed value"),
        ("v2.k1.AAAA", "not a v1 sealed value"),
        ("v1.k9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "not in the key ring"),
        ("v1.k1.AAAA", "too short"),
        ("v1.k1.@@@@", "not base64url"),
    ],
)
def test_what_is_not_a_sealed_value_is_refused_with_the_reason(stored: str, problem: str) -> None:
    with pytest.raises(Undecryptable, match=problem):
        open_sealed(KEYS, stored, PLACE)
