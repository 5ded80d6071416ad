"""The sealed format: one AES-GCM ciphertext with everything needed to open it again.

    v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>

- `v1` names this format, so that a later one can be read beside it;
- the key id says which key of the ring sealed it (rotation re-seals under another one);
- the nonce is 12 fresh random bytes for every seal: AES-GCM with a nonce used twice under one
  key gives away the XOR of the two plaintexts and lets anyone forge tags;
- the 16-byte tag authenticates the ciphertext *and* the associated data: the format's header
  and where the value lives (`users.email` of one row). Flip a byte, or copy the value into
  another row or column, and opening it fails instead of returning garbage.
"""

import base64
import binascii
import os
import re

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID = re.compile(r"[a-z0-9-]{1,32}")  # no "." (the separator), no "_" or "%" (LIKE wildcards)


class Undecryptable(Exception):
    """A sealed value that cannot be opened: altered, misplaced, or sealed with an unknown key."""


def seal(key: AESGCM, key_id: str, plaintext: str, place: str) -> str:
    """Encrypt `plaintext` for the `place` it is stored in (say `users.email:<row uid>`)."""
    # --- lab 06: seal ---
    header = f"{VERSION}.{key_id}"
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = key.encrypt(nonce, plaintext.encode(), _associated_data(header, place))
    return f"{header}.{base64.urlsafe_b64encode(nonce + ciphertext).decode().rstrip('=')}"
    # --- end lab 06: seal ---


def key_id_of(sealed: str) -> str:
    """The id of the key that sealed `sealed` (read from its header, before any decryption)."""
    _version, key_id, _ = _split(sealed)
    return key_id


def open_sealed(keys: dict[str, AESGCM], sealed: str, place: str) -> str:
    """The plaintext of `sealed`, if it is intact, was sealed for `place`, and its key is known."""
    # --- lab 06: open_sealed ---
    version, key_id, body = _split(sealed)
    key = keys.get(key_id)
    if key is None:
        raise Undecryptable(f"sealed with key {key_id!r}, which is not in the key ring")
    try:
        raw = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_", validate=True)
    except (binascii.Error, ValueError) as error:
        raise Undecryptable("its body is not base64url") from error
    if len(raw) < NONCE_BYTES + TAG_BYTES:
        raise Undecryptable("too short to hold a nonce and a tag")
    nonce, ciphertext = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    try:
        plaintext = key.decrypt(nonce, ciphertext, _associated_data(f"{version}.{key_id}", place))
    except InvalidTag as error:
        raise Undecryptable(
            f"its tag does not match: altered, or sealed for another place than {place!r}"
        ) from error
    return plaintext.decode()
    # --- end lab 06: open_sealed ---


def _split(sealed: str) -> tuple[str, str, str]:
    version, _, rest = sealed.partition(".")
    key_id, _, body = rest.partition(".")
    if version != VERSION or not KEY_ID.fullmatch(key_id) or not body:
        raise Undecryptable(f"not a {VERSION} sealed value (expected '{VERSION}.<key id>.<body>')")
    return version, key_id, body


def _associated_data(header: str, place: str) -> bytes:
    return f"{header}|{place}".encode()
