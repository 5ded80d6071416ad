"""Sign-in limits: failed sign-ins are counted, and past a limit the answer is 429.

Three counts, each over a sliding window (SIGN_IN_WINDOW_SECONDS):

- per account *and* client address (20 failures by default): guessing one account's password
  from one place stops fast, and only that pair is refused: the owner, from anywhere else,
  still signs in. A lock-out keyed on the account alone would let anyone lock a victim out
  by failing on purpose; this is the lock-out an attacker cannot aim at someone else.
- per client address (1000): one place guessing across many accounts ("password spraying"),
  about one a second. Not lower: an office behind one NAT address shares it, and a lab's
  checks, all from 127.0.0.1, fail a few hundred sign-ins on purpose in one run.
- per account, from anywhere (5000): many places (a botnet) guessing one account. This ceiling
  could lock the owner out, so it is high, and it spares the addresses this account signed in
  from successfully: the owner's usual places keep working while a botnet is refused.

Only failures count, and a success clears its (account, address) count: people who mistype
and then get it right are never slowed. The counts live in this process; with several
workers each keeps its own (a shared store such as Redis would make them exact).
"""

import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

from reference_app.settings import Settings

# Bounds on what is remembered, so that an attacker sending from endless addresses or naming
# endless accounts uses bounded memory: the oldest keys are dropped first.
MAX_KEYS = 100_000
MAX_KNOWN_PAIRS = 100_000


@dataclass(frozen=True, slots=True)
class Limit:
    failures: int
    window_seconds: float


@dataclass(frozen=True, slots=True)
class Attempt:
    """Who is signing in: the account named (its normalised email) and the client address."""

    account: str
    address: str


class SignInLimits:
    def __init__(
        self,
        *,
        per_account_address: Limit,
        per_address: Limit,
        per_account: Limit,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_account_address = per_account_address
        self.per_address = per_address
        self.per_account = per_account
        self.clock = clock
        self._failures: OrderedDict[tuple[str, ...], deque[float]] = OrderedDict()
        self._known_pairs: OrderedDict[Attempt, None] = OrderedDict()

    def wait_seconds(self, attempt: Attempt) -> int:
        """How long this attempt must wait (0: it may go ahead)."""
        counts = self._counts(attempt)
        now = self.clock()
        if not any(self._wait(key, limit, now) for key, limit in counts):
            return 0  # under every limit, as nearly every sign-in is: nothing to decide
        # --- lab 07: sign_in_wait ---
        if attempt in self._known_pairs:
            counts = counts[:2]  # the account-wide ceiling spares the owner's usual places
        waits = [self._wait(key, limit, now) for key, limit in counts]
        return math.ceil(max(waits))
        # --- end lab 07: sign_in_wait ---

    def failed(self, attempt: Attempt) -> None:
        now = self.clock()
        for key, limit in self._counts(attempt):
            # Only the newest `limit.failures` matter to `_wait`: older ones need no memory.
            times = self._failures.pop(key, None) or deque(maxlen=limit.failures)
            times.append(now)
            self._failures[key] = times  # now the newest key
        while len(self._failures) > MAX_KEYS:
            self._failures.popitem(last=False)

    def succeeded(self, attempt: Attempt) -> None:
        self._failures.pop(("pair", attempt.account, attempt.address), None)
        self._known_pairs.pop(attempt, None)
        self._known_pairs[attempt] = None
        while len(self._known_pairs) > MAX_KNOWN_PAIRS:
            self._known_pairs.popitem(last=False)

    def _wait(self, key: tuple[str, ...], limit: Limit, now: float) -> float:
        times = self._failures.get(key)
        if not times:
            return 0.0
        while times and times[0] <= now - limit.window_seconds:
            times.popleft()  # older than the window: forgotten
        if len(times) < limit.failures:
            return 0.0
        # Free again when enough of the oldest failures have left the window.
        return times[len(times) - limit.failures] + limit.window_seconds - now

    def _counts(self, attempt: Attempt) -> list[tuple[tuple[str, ...], Limit]]:
        return [
            (("pair", attempt.account, attempt.address), self.per_account_address),
            (("address", attempt.address), self.per_address),
            (("account", attempt.account), self.per_account),
        ]


def sign_in_limits(settings: Settings) -> SignInLimits:
    window = float(settings.sign_in_window_seconds)
    return SignInLimits(
        per_account_address=Limit(settings.sign_in_failures_per_account_address, window),
        per_address=Limit(settings.sign_in_failures_per_address, window),
        per_account=Limit(settings.sign_in_failures_per_account, window),
    )
