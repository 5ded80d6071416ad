from typing import Any

from labs.engine import Account, CheckFailed, Reply, check, dig

from .limited import Limited, LimitedApps, limited_apps, limited_database  # noqa: F401 - fixtures

PAIR = 3  # failures allowed per (account, address) in these checks' apps
ATTACKER, OWNER = "127.51.100.7", "127.113.0.9"
# The app's own proxies (TRUSTED_PROXIES): the edge, and one behind it that requests pass.
PROXIES, PROXY, INNER = "127.9.0.0/24", "127.9.0.1", "127.9.0.2"
# The settings of the checks of the pair's count and of proxies: one app serves them all (each
# signs in with an account of its own; ATTACKER, no proxy, is the client whatever it sends).
PROXIED: dict[str, Any] = {
    "sign_in_failures_per_account_address": PAIR,
    "trusted_proxies": [PROXIES],
}


def failures(limited: Limited, account: Account, count: int, **where: str) -> list[int]:
    """The statuses of `count` sign-ins with a wrong password."""
    return [limited.sign_in(account, "not the password", **where).status for _ in range(count)]


def expect_limited(reply: Reply, done: str, hint: str) -> None:
    """Fail unless the answer is 429 with a Retry-After of whole seconds, at least 1, and the
    error envelope `{"errors": {"body": ["..."]}}`."""
    wait = reply.headers.get("retry-after", "")
    errors = dig(reply.body, "errors", "body")
    said = isinstance(errors, list) and bool(errors) and all(isinstance(m, str) for m in errors)
    if reply.status != 429 or not wait.isdigit() or int(wait) < 1 or not said:
        raise CheckFailed(
            f"{done}, then {reply.request_line()}",
            '429 Too Many Requests with Retry-After: <seconds, at least 1> and {"errors": '
            '{"body": ["<why, and when to come back>"]}}',
            f"{reply.summary()} (Retry-After: {wait or 'missing'})",
            hint,
        )


def expect_let_in(reply: Reply, done: str, hint: str) -> None:
    if reply.status != 200:
        raise CheckFailed(
            f"{done}, then {reply.request_line()}", "200: signed in", reply.summary(), hint
        )


@check(
    points=3,
    task="Sign-in limits",
    rule="course",
    catches=["retry_after_missing"],
    inside=True,
)
def test_too_many_failures_answer_429_with_retry_after(limited: LimitedApps) -> None:
    """Past the failures allowed per account and address, even the right password gets 429."""
    with limited.app(**PROXIED) as app:
        account = app.api.register()
        statuses = failures(app, account, PAIR, peer=ATTACKER)
        expect_limited(
            app.sign_in(account, account.password, peer=ATTACKER),
            f"TRUSTED_PROXIES={PROXIES}; {PAIR} wrong passwords for one account from {ATTACKER} "
            f"(answered {statuses})",
            "once a count is at its limit, raise TooManyRequestsException with the headers "
            "{'Retry-After': str(wait)}: the seconds until the oldest failure leaves the window",
        )


@check(
    points=2,
    task="Sign-in limits",
    rule="course",
    catches=["only_the_pair_counted", "only_the_account_counted", "retry_after_missing"],
    inside=True,
)
def test_one_address_guessing_many_accounts_is_limited(limited: LimitedApps) -> None:
    """An address failing on many accounts (password spraying) is refused past its own limit."""
    spraying = 5
    with limited.app(sign_in_failures_per_address=spraying) as app:
        accounts = [app.api.register() for _ in range(spraying + 1)]
        last = accounts[-1]
        expect_let_in(
            app.sign_in(last, last.password, peer=ATTACKER),
            f"a sixth account signs in from {ATTACKER}",
            "signing in must work before this can be checked",
        )
        statuses = [failures(app, a, 1, peer=ATTACKER)[0] for a in accounts[:spraying]]
        expect_limited(
            app.sign_in(last, last.password, peer=ATTACKER),
            f"a sixth account signed in from {ATTACKER}; then one wrong password for each of "
            f"{spraying} other accounts from there (answered {statuses}); the sixth again",
            "the per-address count applies to every account, even one that signed in from that "
            "address before: only the account-wide count spares a known (account, address) pair",
        )


@check(
    points=2,
    task="Sign-in limits",
    rule="course",
    catches=["forwarded_for_believed_from_anyone", "retry_after_missing"],
    inside=True,
)
def test_a_forged_forwarded_for_does_not_reset_the_count(limited: LimitedApps) -> None:
    """X-Forwarded-For sent by a client that is not a trusted proxy changes nothing."""
    with limited.app(**PROXIED) as app:
        account = app.api.register()
        statuses = [
            app.sign_in(account, "wrong", peer=ATTACKER, forwarded=f"127.2.0.{n}").status
            for n in range(PAIR)
        ]
        expect_limited(
            app.sign_in(account, account.password, peer=ATTACKER, forwarded="127.2.0.99"),
            f"TRUSTED_PROXIES={PROXIES}; {PAIR} wrong passwords from {ATTACKER}, each with "
            f"another forged X-Forwarded-For (answered {statuses})",
            "read X-Forwarded-For only when the connection comes from a trusted proxy: "
            "anyone else's header is a lie they chose",
        )


@check(
    points=3,
    task="Sign-in limits",
    rule="course",
    catches=["leftmost_forwarded_for", "forwarded_for_never_read", "retry_after_missing"],
    inside=True,
)
def test_behind_a_trusted_proxy_each_client_counts_as_itself(limited: LimitedApps) -> None:
    """Behind trusted proxies the client is the last hop not ours: a forged first hop neither
    resets the count nor blocks the other clients of the proxies."""
    with limited.app(**PROXIED) as app:
        account = app.api.register()
        # The attacker writes a fresh address first; each proxy appends the one it saw.
        statuses = [
            app.sign_in(
                account, "wrong", peer=PROXY, forwarded=f"127.2.0.{n}, {ATTACKER}, {INNER}"
            ).status
            for n in range(PAIR)
        ]
        done = (
            f"TRUSTED_PROXIES={PROXIES}; {PAIR} wrong passwords from {ATTACKER} through "
            f"{INNER} then {PROXY}, each with a forged first hop (answered {statuses})"
        )
        hint = (
            "read the hops from the right, skipping our own proxies: each proxy appends the "
            "address it received from, so the first one that is not ours is the client; hops "
            "further left are the client's own words"
        )
        forged = f"127.2.0.99, {ATTACKER}, {INNER}"
        expect_limited(
            app.sign_in(account, account.password, peer=PROXY, forwarded=forged), done, hint
        )
        owner = f"{OWNER}, {INNER}"
        expect_let_in(
            app.sign_in(account, account.password, peer=PROXY, forwarded=owner),
            f"{done}; the owner through the same proxies from {OWNER}",
            hint,
        )
        # Requests that began on our own machines name no client: each counts as its peer.
        inside = [
            app.sign_in(account, "wrong", peer="127.9.0.7", forwarded=INNER).status
            for _ in range(PAIR)
        ]
        expect_let_in(
            app.sign_in(account, account.password, peer="127.9.0.8"),
            f"{done}; {PAIR} wrong passwords from 127.9.0.7, one of our machines, through "
            f"{INNER} (answered {inside}); the right one from 127.9.0.8, another of ours",
            "when every hop is one of our proxies the request began inside: the client is "
            "the peer itself (return peer)",
        )


@check(
    points=3,
    task="Sign-in limits",
    rule="course",
    catches=[
        "account_ceiling_spares_nobody",
        "only_the_account_counted",
        "only_the_pair_counted",
        "retry_after_missing",
    ],
    inside=True,
)
def test_attackers_cannot_lock_the_owner_out(limited: LimitedApps) -> None:
    """Failures from elsewhere, past the account-wide ceiling, still let the owner in from home."""
    ceiling = 4
    with limited.app(
        sign_in_failures_per_account_address=PAIR, sign_in_failures_per_account=ceiling
    ) as app:
        account = app.api.register()
        expect_let_in(
            app.sign_in(account, account.password, peer=OWNER),
            f"the owner signs in from {OWNER}",
            "signing in must work before this can be checked",
        )
        statuses = [
            failures(app, account, 1, peer=f"127.51.100.{n}")[0] for n in range(10, 10 + ceiling)
        ]
        done = (
            f"the owner signed in from {OWNER}; then one wrong password from each of "
            f"{ceiling} other addresses (answered {statuses}), the account-wide ceiling"
        )
        expect_limited(
            app.sign_in(account, account.password, peer="127.51.100.99"),
            f"{done}; a new address",
            "the account-wide count applies to places the account never signed in from",
        )
        expect_let_in(
            app.sign_in(account, account.password, peer=OWNER),
            f"{done}; the owner from {OWNER} again",
            "a pair in _known_pairs is spared the account-wide count (counts[:2]): an attacker "
            "failing on purpose must not lock the owner out of their usual place",
        )
