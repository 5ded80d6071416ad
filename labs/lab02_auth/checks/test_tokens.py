from labs.engine import Api, check, dig, expect, expect_status

from .tokens import claims_of, signed_with, tampered, unsigned

SIGNATURE = ["signature_not_checked"]
# Keys found in tutorials, templates and .env examples: whoever guesses one can sign any token.
GUESSED_KEYS = ("", "secret", "changeme", "change-me", "changethis", "development", "conduit")


@check(
    points=2,
    task="Tokens",
    rule="contract",
    catches=["token_subject_read_as_int", "user_not_saved", "uid_longer_than_its_column"],
)
def test_token_identifies_its_user(api: Api) -> None:
    """The token registration returns signs its user in: GET /api/user answers them."""
    account = api.register()
    reply = api.get("/api/user", token=account.token)
    expect_status(reply, 200, "read_token must accept the tokens issue_token makes")
    expect(
        dig(reply.body, "user", "username") == account.username,
        reply,
        f'"username": "{account.username}"',
        "read_token returns the 'sub' claim as issue_token wrote it: the user's uid, a string",
    )


@check(points=2, task="Tokens", rule="contract", catches=[*SIGNATURE, "uid_longer_than_its_column"])
def test_tampered_token_is_401(api: Api) -> None:
    """A token whose claims were changed after signing is refused with 401."""
    account = api.register()
    reply = api.get("/api/user", token=tampered(account.token))
    expect_status(reply, 401, "jwt.decode checks the signature: never turn that off")


@check(points=2, task="Tokens", rule="contract", catches=[*SIGNATURE, "uid_longer_than_its_column"])
def test_unsigned_token_is_401(api: Api) -> None:
    """A token that says "alg": "none" and has no signature is refused with 401."""
    account = api.register()
    reply = api.get("/api/user", token=unsigned(account.token))
    expect_status(reply, 401, "pin the algorithm: algorithms=[ALGORITHM]")


@check(
    points=2,
    task="Tokens",
    rule="course",
    catches=["token_signed_with_a_guessed_key", *SIGNATURE, "uid_longer_than_its_column"],
)
def test_token_signed_with_a_guessed_key_is_401(api: Api) -> None:
    """A token with the app's own claims, signed with a well-known key ("secret"...), is refused."""
    account = api.register()
    claims = claims_of(account.token)
    for key in GUESSED_KEYS:
        reply = api.get("/api/user", token=signed_with(key, claims))
        expect_status(
            reply,
            401,
            f"this token is signed with the key {key!r}: sign and check with config.key, "
            "the secret from the settings, never a key written in the code",
        )
