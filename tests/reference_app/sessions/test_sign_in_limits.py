"""Sign-in limits: failures counted per (account, address), per address and per account."""

from reference_app.sessions.sign_in_limits import Attempt, Limit, SignInLimits


class Ticks:
    """A clock in seconds that a test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def limits(clock: Ticks, pair: int = 3, address: int = 10, account: int = 20) -> SignInLimits:
    return SignInLimits(
        per_account_address=Limit(pair, 60),
        per_address=Limit(address, 60),
        per_account=Limit(account, 60),
        clock=clock,
    )


ALICE_HERE = Attempt("alice@example.org", "127.113.0.7")


def test_failures_past_the_pair_limit_wait_until_the_oldest_leaves_the_window() -> None:
    clock = Ticks()
    limiter = limits(clock)
    for _ in range(3):
        assert limiter.wait_seconds(ALICE_HERE) == 0
        limiter.failed(ALICE_HERE)
        clock.now += 10
    assert limiter.wait_seconds(ALICE_HERE) == 30  # the first failure (t=1000) leaves at 1060
    clock.now = 1060
    assert limiter.wait_seconds(ALICE_HERE) == 0


def test_the_owner_elsewhere_is_not_locked_out_by_failures_here() -> None:
    limiter = limits(Ticks())
    for _ in range(3):
        limiter.failed(ALICE_HERE)
    assert limiter.wait_seconds(ALICE_HERE) > 0
    assert limiter.wait_seconds(Attempt("alice@example.org", "127.51.100.1")) == 0


def test_one_address_guessing_many_accounts_is_stopped() -> None:
    limiter = limits(Ticks())
    for n in range(10):
        limiter.failed(Attempt(f"user{n}@example.org", "127.113.0.7"))
    assert limiter.wait_seconds(Attempt("new@example.org", "127.113.0.7")) > 0
    assert limiter.wait_seconds(Attempt("new@example.org", "127.51.100.1")) == 0


def test_many_addresses_guessing_one_account_are_stopped_but_not_its_known_places() -> None:
    limiter = limits(Ticks())
    home = Attempt("alice@example.org", "127.51.100.1")
    limiter.succeeded(home)
    for n in range(20):
        limiter.failed(Attempt("alice@example.org", f"127.113.0.{n}"))
    assert limiter.wait_seconds(Attempt("alice@example.org", "127.113.0.99")) > 0
    assert limiter.wait_seconds(home) == 0, "the account ceiling locked its owner out"


def test_a_success_clears_its_pair_count() -> None:
    limiter = limits(Ticks())
    for _ in range(2):
        limiter.failed(ALICE_HERE)
    limiter.succeeded(ALICE_HERE)
    limiter.failed(ALICE_HERE)
    assert limiter.wait_seconds(ALICE_HERE) == 0
