"""Sessions as a client holds them: an access token, and a refresh token from the cookie.

The refresh token is read from the answer's `Set-Cookie` and sent back by hand: a cookie jar
would replay it on its own, and these checks need to choose which token each request carries.
"""

from dataclasses import dataclass

from labs.engine import Account, Api, CheckFailed, Reply, dig, expect_status

REFRESH_COOKIE = "conduit_refresh"


@dataclass(frozen=True)
class Signed:
    """What a session sign-in or a refresh answered: an access token and a refresh token."""

    access_token: str
    refresh_token: str


def refresh_token_in(reply: Reply) -> str:
    """The refresh token a `Set-Cookie` of the answer carries ('' if none)."""
    for line in reply.headers.get_list("set-cookie"):
        name, _, rest = line.partition("=")
        if name.strip() == REFRESH_COOKIE:
            return rest.split(";", 1)[0].strip().strip('"')
    return ""


def signed(reply: Reply, done: str, hint: str) -> Signed:
    """The tokens of a 200 answer; fail the check, saying what was done, on any other."""
    expect_status(reply, 200, hint)
    access, refresh_token = dig(reply.body, "user", "token"), refresh_token_in(reply)
    if not isinstance(access, str) or not refresh_token:
        raise CheckFailed(
            f"{done}: {reply.request_line()}",
            f'200 with {{"user": {{"token": ...}}}} and a {REFRESH_COOKIE} cookie',
            reply.summary(),
            hint,
        )
    return Signed(access, refresh_token)


def start_session(api: Api, account: Account) -> Signed:
    sent = {"user": {"email": account.email, "password": account.password}}
    reply = api.post("/api/users/sessions", sent)
    return signed(reply, "a session sign-in", "signing in for a session must work first")


def refresh(api: Api, refresh_token: str) -> Reply:
    """POST /api/users/refresh with this refresh token in its cookie."""
    return api.post("/api/users/refresh", headers={"Cookie": f"{REFRESH_COOKIE}={refresh_token}"})


def me(api: Api, access_token: str) -> Reply:
    return api.get("/api/user", token=access_token)


def short(token: str) -> str:
    """A token as a verdict shows it: enough to tell two apart."""
    return f"{token[:10]}..."


def expect_refused(reply: Reply, done: str, expected: str, hint: str) -> None:
    """Fail unless the answer is 401."""
    if reply.status != 401:
        raise CheckFailed(f"{done}, then {reply.request_line()}", expected, reply.summary(), hint)


def expect_accepted(reply: Reply, done: str, expected: str, hint: str) -> None:
    """Fail unless the answer is 200."""
    if reply.status != 200:
        raise CheckFailed(f"{done}, then {reply.request_line()}", expected, reply.summary(), hint)
