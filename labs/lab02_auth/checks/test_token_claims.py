"""Tokens the checks sign with the app's own key (in-process, or when the grader lends it):
each is valid but for one claim, so each shows one thing read_token must check."""

import time
from datetime import UTC, datetime, timedelta

from labs.engine import Account, Api, CheckFailed, Reply, check, dig, expect, expect_status
from labs.engine.inside import Inside

from .tokens import claims_of, signed

SIGNATURE = "signature_not_checked"
LONGEST_LIFETIME = 31 * 24 * 3600  # the course's rule: a token lives a month at most


def _subject(account: Account) -> str:
    return str(claims_of(account.token).get("sub"))


def _refused(reply: Reply, hint: str) -> None:
    expect_status(reply, 401, hint)


@check(
    points=2,
    task="Tokens",
    rule="course",
    catches=["token_never_expires", "exp_in_milliseconds", "uid_longer_than_its_column"],
)
def test_token_expires_in_seconds_within_a_month(api: Api) -> None:
    """The token's "exp" is a time in seconds, after its "iat", at most a month ahead."""
    account = api.register()
    claims = claims_of(account.token)
    exp, iat, now = claims.get("exp"), claims.get("iat"), time.time()
    if not (
        isinstance(exp, int) and isinstance(iat, int)
        and iat - 60 <= now < exp <= iat + LONGEST_LIFETIME
    ):  # fmt: skip
        raise CheckFailed(
            "POST /api/users, then read the claims of the token it returns",
            f'"iat" about {int(now)} and "exp" after it by at most {LONGEST_LIFETIME} s',
            f'"iat": {iat!r}, "exp": {exp!r}',
            "exp = issued_at + config.lifetime, as a datetime (PyJWT writes seconds); "
            "a token that never expires is a stolen key that works forever",
        )


@check(
    points=2,
    task="Tokens",
    rule="course",
    catches=[
        "issuer_and_audience_swapped",
        "token_signed_with_a_guessed_key",
        "token_subject_read_as_int",
        "user_not_saved",
        "uid_longer_than_its_column",
    ],
    inside=True,
)
def test_token_signed_with_the_apps_key_is_accepted(api: Api, inside: Inside) -> None:
    """A token signed with the app's key, issuer and audience, "sub" its uid, signs its user in."""
    account = api.register()
    subject = _subject(account)
    uid = inside.scalar("SELECT uid FROM users WHERE username = :name", name=account.username)
    reply = api.get("/api/user", token=signed(inside, str(uid)))
    expect(
        reply.status == 200 and dig(reply.body, "user", "username") == account.username,
        reply,
        f'status 200 and "username": "{account.username}"',
        "sign with config.key (HS256), put the subject given (the user's uid) in 'sub', and "
        "require only the claims every token has: exp, iat, sub, iss, aud",
    )
    expect(
        subject == uid,
        reply,
        f'the app\'s own token to say "sub": "{uid}" (the user\'s uid)',
        "'sub' is the subject issue_token is given: the uid, never the row id",
    )


@check(
    points=2,
    task="Tokens",
    rule="course",
    catches=["token_accepted_after_expiry", SIGNATURE, "uid_longer_than_its_column"],
    inside=True,
)
def test_expired_token_is_401(api: Api, inside: Inside) -> None:
    """A correctly signed token that expired a minute ago is refused with 401."""
    account = api.register()
    past = datetime.now(UTC) - timedelta(hours=2)
    expired = datetime.now(UTC) - timedelta(minutes=1)
    reply = api.get("/api/user", token=signed(inside, _subject(account), iat=past, exp=expired))
    _refused(reply, "jwt.decode checks 'exp' unless you turn it off: don't")


@check(
    points=1,
    task="Tokens",
    rule="course",
    catches=["token_never_expires", SIGNATURE, "uid_longer_than_its_column"],
    inside=True,
)
def test_token_without_exp_is_401(api: Api, inside: Inside) -> None:
    """A correctly signed token without "exp", one that would never expire, is refused with 401."""
    account = api.register()
    reply = api.get("/api/user", token=signed(inside, _subject(account), leave_out="exp"))
    _refused(reply, "require the claims: options={'require': REQUIRED_CLAIMS}, exp among them")


@check(
    points=1,
    task="Tokens",
    rule="course",
    catches=["audience_not_checked", SIGNATURE, "uid_longer_than_its_column"],
    inside=True,
)
def test_token_for_another_audience_is_401(api: Api, inside: Inside) -> None:
    """A correctly signed token meant for another service (another "aud") is refused with 401."""
    account = api.register()
    reply = api.get("/api/user", token=signed(inside, _subject(account), aud="another-service"))
    _refused(reply, "pass audience=config.audience to jwt.decode")


@check(
    points=1,
    task="Tokens",
    rule="course",
    catches=["issuer_not_checked", SIGNATURE, "uid_longer_than_its_column"],
    inside=True,
)
def test_token_from_another_issuer_is_401(api: Api, inside: Inside) -> None:
    """A correctly signed token issued by another service (another "iss") is refused with 401."""
    account = api.register()
    reply = api.get("/api/user", token=signed(inside, _subject(account), iss="another-issuer"))
    _refused(reply, "pass issuer=config.issuer to jwt.decode")
