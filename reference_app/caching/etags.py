"""Entity tags: a short name for one version of a response, and the If-None-Match comparison.

A client that kept a response sends its tag back in `If-None-Match`; when the tag still names
what the server would send, the answer is `304 Not Modified` with no body.
"""

import hashlib


def etag_of(body: bytes) -> str:
    """A strong tag for these exact bytes: the same in every worker and after a restart."""
    # --- lab 08: etag_of ---
    # A hash of the body, not a version number: two workers, or a restart, agree on it without
    # talking, and a write that changes nothing visible keeps the client's copy valid.
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'
    # --- end lab 08: etag_of ---


def client_has(if_none_match: str | None, etag: str) -> bool:
    """Whether `If-None-Match` names `etag` (or is `*`): the client's copy is current.

    If-None-Match compares weakly (RFC 9110, 13.1.2): `W/"x"` matches `"x"`. Our tags hold no
    commas, so splitting the list on commas is exact for them.
    """
    # --- lab 08: client_has ---
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    ours = _opaque(etag)
    return any(_opaque(tag) == ours for tag in if_none_match.split(","))
    # --- end lab 08: client_has ---


def _opaque(tag: str) -> str:
    """A tag without its weakness mark and the spaces around it: `W/"x" ` is `"x"`."""
    tag = tag.strip()
    return tag[2:] if tag.startswith("W/") else tag
