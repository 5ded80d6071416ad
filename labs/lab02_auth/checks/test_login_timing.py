"""Whether a login's time tells an unknown email from a wrong password.

How it decides, and why it holds on a busy machine: it logs in PAIRS times with an unknown
email and PAIRS times with a known email and a wrong password, one of each in turn, and compares
the fastest time of each kind. Load only ever adds time, and taking turns spreads it over both
kinds, so the fastest of each is the best estimate of the work the path does. The app answers
alike when the ratio is within FACTOR either way: a correct app does one bcrypt check on each
path (ratio about 1), while a login that skips bcrypt for an unknown email, or checks a dummy
hash of another cost, is off by 5 to 20 times at cost 10. A ratio outside the bounds is measured
again, up to ROUNDS times, keeping the fastest of each kind over every round: more turns only
bring each kind nearer the work its path does, so bursts of load cannot fail a correct app,
and no number of turns brings a path that skips bcrypt near one that runs it.

In-process the app is a second copy at a realistic bcrypt cost (conftest.py). By URL it is the
server as configured: at a low cost (4, say) the difference may hide in the noise and the check
passes without proving much; it never fails a correct server.
"""

import time

from labs.engine import Account, Api, CheckFailed, check

from .conftest import CostlyApp

PAIRS = 3
FACTOR = 2.5
ROUNDS = 4


def _fastest_logins(api: Api, known: Account) -> tuple[float, float]:
    """The fastest login with an unknown email, and with a wrong password, taken in turns."""
    unknown, wrong = [], []
    for _ in range(PAIRS):
        for times, email in ((unknown, api.new_account().email), (wrong, known.email)):
            start = time.perf_counter()
            reply = api.post(
                "/api/users/login", {"user": {"email": email, "password": known.password + "x"}}
            )
            times.append(time.perf_counter() - start)
            if reply.status != 401:
                raise CheckFailed(
                    reply.request_line(), "status 401", reply.summary(),
                    "a failed login answers 401, whether the email or the password is wrong",
                )  # fmt: skip
    return min(unknown), min(wrong)


def _alike(unknown: float, wrong: float) -> bool:
    return 1 / FACTOR <= unknown / wrong <= FACTOR


@check(
    points=2,
    task="Login",
    rule="course",
    catches=[
        "login_skips_bcrypt_for_unknown_email",
        "dummy_hash_at_a_fixed_cost",
        "hash_ignores_the_configured_cost",
        "login_ignores_password",
        "login_unknown_email_is_500",
    ],
)
def test_unknown_email_costs_as_much_as_a_wrong_password(costly: CostlyApp) -> None:
    """An unknown email takes as long to refuse as a wrong password: one bcrypt check each."""
    api = costly.api
    known = costly.account()
    unknown, wrong = _fastest_logins(api, known)
    for _ in range(ROUNDS - 1):
        if _alike(unknown, wrong):
            break
        more_unknown, more_wrong = _fastest_logins(api, known)  # was it a burst of load?
        unknown, wrong = min(unknown, more_unknown), min(wrong, more_wrong)
    if not _alike(unknown, wrong):
        cost = f" at bcrypt cost {costly.cost}" if costly.cost else ""
        raise CheckFailed(
            f"up to {ROUNDS} rounds of {PAIRS} logins with an unknown email and {PAIRS} with a "
            f"wrong password{cost}",
            f"the fastest of each within {FACTOR}x of the other",
            f"unknown email {unknown * 1000:.1f} ms, wrong password {wrong * 1000:.1f} ms",
            "with no user, check the password against a dummy hash made at the configured "
            "cost: unknown_user_hash(state.settings.bcrypt_rounds)",
        )
