from labs.engine import CheckFailed, check, dig

# The limited apps of the public checks: the workspace's app with chosen limits and clocks.
from labs.lab07_sessions.checks.limited import (  # noqa: F401 - the fixtures
    LimitedApps,
    limited_apps,
    limited_database,
)
from labs.lab07_sessions.checks.sessions import refresh, refresh_token_in, start_session

REFRESH_DAYS = 14


@check(
    points=1,
    task="Rotation",
    rule="course",
    catches=["refresh_token_never_expires"],
    inside=True,
)
def test_a_refresh_token_expires(limited: LimitedApps) -> None:
    """A refresh token presented after its lifetime is refused, in a session still live."""
    with limited.app(refresh_token_lifetime_days=REFRESH_DAYS) as app:
        account = app.api.register()
        started = start_session(app.api, account)
        app.clock.advance(REFRESH_DAYS * 24 * 3600)  # the very moment it expires
        reply = refresh(app.api, started.refresh_token)
    said = dig(reply.body, "errors")
    if reply.status != 401 or not (
        isinstance(said, dict) and all(v and all(v) for v in said.values())
    ):
        raise CheckFailed(
            f"a session started; exactly {REFRESH_DAYS} days later (the session lives 30), "
            f"{reply.request_line()}",
            "401 saying the refresh token has expired",
            reply.summary() + (" with a new token" if refresh_token_in(reply) else ""),
            "refuse a token whose expires_at has passed (now >= token.expires_at)",
        )


@check(
    points=1,
    task="Sign-in limits",
    rule="course",
    catches=["wait_rounded_down", "retry_after_missing"],
    inside=True,
)
def test_retry_after_rounds_up_the_last_second(limited: LimitedApps) -> None:
    """Half a second before a failure leaves the window, Retry-After says 1, not 0."""
    window = 60
    settings = {"sign_in_failures_per_account_address": 2, "sign_in_window_seconds": window}
    with limited.app(**settings) as app:
        account = app.api.register()
        for _ in range(2):
            app.sign_in(account, "wrong", peer="127.51.100.7")
        app.clock.advance(window - 0.5)
        reply = app.sign_in(account, account.password, peer="127.51.100.7")
    wait = reply.headers.get("retry-after", "missing")
    if reply.status != 429 or wait != "1":
        raise CheckFailed(
            f"2 wrong passwords (the limit), then {window - 0.5} seconds later "
            f"{reply.request_line()}",
            "429 with Retry-After: 1 (half a second is left: a client told 0 comes back early)",
            f"{reply.summary()} (Retry-After: {wait})",
            "round the wait up: math.ceil",
        )
