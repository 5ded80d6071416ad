"""Each lab's load test: the Locust scenario that exercises what the lab built, and its budgets.

The scenarios (`labNN.py`) are Locust files, run by Locust in a process of its own; this module
only names them and their budgets, so that `course loadtest` reads them without importing Locust.
"""

from dataclasses import dataclass
from pathlib import Path

SCENARIOS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class Budgets:
    """What a learner's server must achieve, measured against the reference's in the same run."""

    min_throughput_ratio: float = 0.5  # of the reference's requests per second, over all requests
    max_p95_ratio: float = 2.0  # per endpoint, of the reference's p95 latency
    max_failure_ratio: float = 0.0  # per endpoint: a wrong answer is a failure
    # Latencies below this count as this much: 1 ms against 3 ms is noise, not a verdict.
    latency_floor_ms: float = 10.0
    min_requests: int = 20  # fewer requests to an endpoint, and its p95 is not judged
    min_run_requests: int = 50  # fewer in a run, and none of its speed figures means much


@dataclass(frozen=True, slots=True)
class Scenario:
    lab: str
    what: str  # one line: who the simulated users are
    bcrypt_rounds: int = 4  # the servers' cost of a password hash, for this scenario
    budgets: Budgets = Budgets()

    @property
    def locustfile(self) -> Path:
        return SCENARIOS_DIR / f"lab{self.lab}.py"


SCENARIOS = {
    "01": Scenario("01", "visitors ask /health, mistype a URL, use a wrong method, skip sign-in"),
    # A cost that makes bcrypt the work of a sign-in, as in production (12 there).
    "02": Scenario("02", "a sign-in storm while visitors read profiles", bcrypt_rounds=8),
    "03": Scenario("03", "readers list, filter and page; writers write, edit and delete"),
    "04": Scenario("04", "readers read while newcomers send bad input and taken names"),
    "05": Scenario("05", "members follow, favorite and read their feed; readers read"),
    "06": Scenario("06", "newcomers sign up, write a bio and sign in; readers read profiles"),
    "07": Scenario(
        "07", "members sign in for sessions and refresh them; readers read", bcrypt_rounds=8
    ),
    "08": Scenario("08", "readers revalidate with ETags; writers retitle and read back at once"),
    "09": Scenario("09", "readers read every indexed list, deep pages too; members read feeds"),
}


def scenario_of(lab: str) -> Scenario:
    """Lab `lab`'s scenario ("1", "01" and "lab01" all work); KeyError naming the labs if none."""
    key = lab.lower().removeprefix("lab").zfill(2)
    if key not in SCENARIOS:
        raise KeyError(f"there is no load test for lab {lab!r}; there are {', '.join(SCENARIOS)}")
    return SCENARIOS[key]
