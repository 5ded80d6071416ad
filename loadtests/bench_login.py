"""Does a failed login take as long for an unknown email as for a known one with a wrong password?

    python -m loadtests.bench_login                # bcrypt cost 12, 40 pairs
    python -m loadtests.bench_login --pairs 100 --bcrypt-rounds 10

If an unknown email were answered sooner (no bcrypt check to run), anyone could find out who has
an account by timing the login. The reference backend checks the password against a stand-in
hash then. This benchmark logs in one request at a time, alternating the two cases (and which
comes first in each pair) so that drift in the machine's load falls on both alike, and prints
the median and spread of each and the ratio of the medians.
"""

import argparse
import os
import statistics
import sys
import time

import httpx

from loadtests.report import machine_load, percentiles, print_table
from loadtests.serve import reference_server

KNOWN_EMAIL = "alice@example.org"  # from the demo data
UNKNOWN_EMAIL = "nobody-at-all@example.org"
WRONG_PASSWORD = "not-the-password"
WARMUP_PAIRS = 2
CASES = [("known email, wrong password", KNOWN_EMAIL), ("unknown email", UNKNOWN_EMAIL)]


def timed_login(client: httpx.Client, email: str) -> float:
    """Seconds one failed login takes, as the client sees it."""
    credentials = {"user": {"email": email, "password": WRONG_PASSWORD}}
    started = time.perf_counter()
    response = client.post("/api/users/login", json=credentials)
    elapsed = time.perf_counter() - started
    if response.status_code not in (401, 403, 422):
        raise RuntimeError(f"login as {email} with a wrong password answered {response}")
    return elapsed


def measure(base_url: str, pairs: int) -> dict[str, list[float]]:
    samples: dict[str, list[float]] = {KNOWN_EMAIL: [], UNKNOWN_EMAIL: []}
    with httpx.Client(base_url=base_url, timeout=30) as client:
        for pair in range(-WARMUP_PAIRS, pairs):
            order = [KNOWN_EMAIL, UNKNOWN_EMAIL] if pair % 2 else [UNKNOWN_EMAIL, KNOWN_EMAIL]
            for email in order:
                elapsed = timed_login(client, email)
                if pair >= 0:
                    samples[email].append(elapsed * 1000)
    return samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loadtests.bench_login",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--pairs", type=int, default=40, help="samples of each case (40)")
    parser.add_argument(
        "--bcrypt-rounds", type=int, default=12, help="bcrypt cost, as in production (12)"
    )
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    # Every login here fails on purpose, from one address: past the sign-in limits the answer
    # would be a 429 that runs no bcrypt, and the limiter would be timed instead of the login.
    failures = str(2 * (args.pairs + WARMUP_PAIRS))
    limits = {
        "SIGN_IN_FAILURES_PER_ACCOUNT_ADDRESS": failures,
        "SIGN_IN_FAILURES_PER_ADDRESS": failures,
    }
    with reference_server(bcrypt_rounds=args.bcrypt_rounds, settings=limits) as server:
        samples = measure(server.url, args.pairs)

    rows = []
    for label, email in CASES:
        times = samples[email]
        p10, p25, p75, p90 = percentiles(times, 10, 25, 75, 90)
        rows.append(
            [
                label,
                str(len(times)),
                f"{statistics.median(times):.1f}",
                f"{p25:.1f} - {p75:.1f}",
                f"{p10:.1f} - {p90:.1f}",
            ]
        )
    ratio = statistics.median(samples[UNKNOWN_EMAIL]) / statistics.median(samples[KNOWN_EMAIL])
    print_table(
        f"Failed logins on the reference backend, bcrypt cost {args.bcrypt_rounds}, "
        f"one request at a time, the two cases alternating; {machine_load(load_before)}",
        ["login", "samples", "median ms", "p25 - p75 ms", "p10 - p90 ms"],
        rows,
    )
    print(f"\nmedian(unknown email) / median(known email) = {ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
