import hashlib
import hmac

from labs.engine import Api, CheckFailed, check, dig, expect_status
from labs.engine.inside import Inside

from .stored import stored_user

# Keys anyone could try: empty, from tutorials, or the column's own name.
GUESSED_KEYS = ("", "secret", "key", "changeme", "conduit", "users.email", "email")
PLACE = "users.email"


def shouted(email: str) -> str:
    """The same email as someone with caps lock on types it."""
    name, _, domain = email.partition("@")
    return f"{name.upper()}@{domain.title()}"


def public_hashes(email: str) -> dict[str, str]:
    """Hashes of the email that need no secret, each by how it was made."""
    found: dict[str, str] = {}
    for value in {email, email.strip().lower()}:
        for message in (value, f"{PLACE}|{value}", f"{PLACE}:{value}", f"{PLACE}{value}"):
            data = message.encode()
            for name in ("sha256", "sha1", "md5", "sha512"):
                found[hashlib.new(name, data).hexdigest()] = f"{name}({message!r})"
            for key in GUESSED_KEYS:
                mac = hmac.new(key.encode(), data, hashlib.sha256).hexdigest()
                found[mac] = f"HMAC-SHA256 of {message!r} under the key {key!r}"
    return found


@check(
    points=2,
    task="Blind index",
    rule="course",
    catches=["base64_is_not_encryption"],
)
def test_sign_in_with_the_email_in_another_case(api: Api) -> None:
    """Signing in with the email in capitals finds the user: emails are indexed normalised."""
    account = api.register()
    sent = {"user": {"email": shouted(account.email), "password": account.password}}
    reply = api.post("/api/users/login", sent)
    hint = "index normalise_email(email): stripped and lower-cased, at sign-up as at sign-in"
    expect_status(reply, 200, hint)
    if dig(reply.body, "user", "username") != account.username:
        raise CheckFailed(
            reply.request_line(), f"the user {account.username!r}", reply.summary(), hint
        )


@check(
    points=3,
    task="Blind index",
    rule="course",
    catches=["unkeyed_blind_index", "blind_index_keyed_with_its_place"],
    inside=True,
)
def test_the_blind_index_needs_the_key(api: Api, inside: Inside) -> None:
    """The email index is an HMAC under a secret key: no hash anyone could compute matches it."""
    account = api.register()
    index = str(stored_user(inside, account.username).get("email_index"))
    made = public_hashes(account.email).get(index)
    if made is not None:
        raise CheckFailed(
            f"POST /api/users (email {account.email!r}), then read users.email_index",
            "an index nobody can compute without the blind index key",
            f"{index[:24]}..., which is {made}",
            "anyone can hash a list of known emails and match them: HMAC under the index key "
            "the app is given (hmac.new(key, ...))",
        )
