from datetime import UTC, datetime, timedelta

from labs.engine import Api, check, dig, expect, expect_errors, expect_status
from labs.engine.inside import Inside

from .tokens import claims_of, signed, tampered, unsigned

SIGNATURE = ["signature_not_checked"]


@check(
    points=2,
    task="Tokens",
    rule="contract",
    catches=["token_sub_not_string", "token_subject_kept_as_text"],  # the second on PostgreSQL
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
        "the JWT 'sub' claim must be a string: str(user_id)",
    )


@check(points=2, task="Tokens", rule="contract", catches=SIGNATURE)
def test_tampered_token_is_401(api: Api) -> None:
    """A token whose claims were changed after signing is refused with 401."""
    account = api.register()
    reply = api.get("/api/user", token=tampered(account.token))
    expect_errors(reply, 401, "token", "jwt.decode checks the signature: never turn that off")


@check(points=2, task="Tokens", rule="contract", catches=SIGNATURE)
def test_unsigned_token_is_401(api: Api) -> None:
    """A token that says "alg": "none" and has no signature is refused with 401."""
    account = api.register()
    reply = api.get("/api/user", token=unsigned(account.token))
    expect_errors(reply, 401, "token", "pin the algorithm: algorithms=[ALGORITHM]")


@check(
    points=2,
    task="Tokens",
    rule="course",
    catches=["token_accepted_after_expiry", *SIGNATURE],
    inside=True,
)
def test_expired_token_is_401(api: Api, inside: Inside) -> None:
    """A correctly signed token that expired a minute ago is refused with 401."""
    account = api.register()
    past = datetime.now(UTC) - timedelta(hours=2)
    token = signed(
        inside,
        str(claims_of(account.token).get("sub")),
        iat=past,
        exp=datetime.now(UTC) - timedelta(minutes=1),
    )
    reply = api.get("/api/user", token=token)
    expect_errors(reply, 401, "token", "jwt.decode checks 'exp' unless you turn it off: don't")


@check(
    points=1,
    task="Tokens",
    rule="course",
    catches=["audience_not_checked", *SIGNATURE],
    inside=True,
)
def test_token_for_another_audience_is_401(api: Api, inside: Inside) -> None:
    """A correctly signed token meant for another service (another "aud") is refused with 401."""
    account = api.register()
    token = signed(inside, str(claims_of(account.token).get("sub")), aud="another-service")
    reply = api.get("/api/user", token=token)
    expect_errors(reply, 401, "token", "pass audience=config.audience to jwt.decode")
