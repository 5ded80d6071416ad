"""Password hashing with bcrypt.

The rule: a password has at least 8 characters, and at most 72 *bytes* once encoded as
UTF-8. bcrypt reads only the first 72 bytes of its input, so a longer password would be
silently cut (and bcrypt 5 refuses it outright). We refuse it with a clear message instead;
72 bytes is 72 ASCII letters, 36 accented letters or 18 emoji. Pre-hashing to lift the limit
is possible but easy to get subtly wrong.

bcrypt is slow on purpose (about a quarter of a second at cost 12), so it runs in a worker
thread: the event loop keeps serving other requests meanwhile.
"""

import functools
import secrets

import anyio.to_thread
import bcrypt

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_BYTES = 72


def check_password_rule(password: str) -> str:
    """Return the password if it follows the rule; raise ValueError saying why not."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"must be at least {MIN_PASSWORD_LENGTH} characters")
    size = len(password.encode("utf-8"))
    if size > MAX_PASSWORD_BYTES:
        raise ValueError(
            f"must be at most {MAX_PASSWORD_BYTES} bytes in UTF-8 (this one is {size}); "
            "accented letters take 2 bytes and emoji 4"
        )
    return password


async def hash_password(password: str, rounds: int) -> str:
    """Hash a password with a fresh random salt; the salt and cost are stored in the hash."""
    # --- lab 02: hash_password ---
    salt = bcrypt.gensalt(rounds=rounds)
    hashed = await anyio.to_thread.run_sync(bcrypt.hashpw, password.encode("utf-8"), salt)
    return hashed.decode("ascii")
    # --- end lab 02: hash_password ---


async def verify_password(password: str, password_hash: str) -> bool:
    """Tell whether a password matches a stored hash, in constant time."""
    # --- lab 02: verify_password ---
    candidate = password.encode("utf-8")
    # A too-long password matches nothing stored, but still costs a full check.
    matches = await anyio.to_thread.run_sync(
        bcrypt.checkpw, candidate[:MAX_PASSWORD_BYTES], password_hash.encode("ascii")
    )
    return matches and len(candidate) <= MAX_PASSWORD_BYTES
    # --- end lab 02: verify_password ---


@functools.cache
def unknown_user_hash(rounds: int) -> str:
    """A hash to check against when no user has the email, so that costs the same time."""
    return bcrypt.hashpw(secrets.token_bytes(16), bcrypt.gensalt(rounds=rounds)).decode("ascii")
