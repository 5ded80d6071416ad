"""Login storms and write races against a live server: errors, and how /health answers meanwhile.

    python -m loadtests.bench_storm                       # SQLite, 300 logins at bcrypt cost 12
    python -m loadtests.bench_storm --database-url postgresql+asyncpg://postgres@127.0.0.1:5432/conduit_bench
    python -m loadtests.bench_storm --logins 100 --bcrypt-rounds 10

Runs, each counting server errors (5xx) and transport errors, while /health is asked every
50 ms (its latency percentiles show whether the server stays responsive):

- no load at all for a few seconds: what /health answers in when nothing else runs;
- sign-in storms: `--clients` clients signing in with the right password, each `--sign-ins`
  times one after the other, first with RealWorld logins, then with session sign-ins; the
  sign-ins a second beside /health's p99 is the pair of figures a sign-in storm is judged by
  (the clients stay under the login queue's bound, so each sign-in runs its bcrypt check);
- a login burst: `--logins` demo logins at once, all at the same moment, half of them wrong
  (past the login queue's bound and the sign-in limits, the answer is 429);
- fifty articles with one title at once (each must get a slug of its own);
- `--writers` articles with shared tags at once (MariaDB once deadlocked on these).

The database of `--database-url` must exist; its tables are emptied and seeded first.
"""

import argparse
import asyncio
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from loadtests.report import machine_load, percentiles, print_table
from loadtests.serve import reference_server

DEMO_PASSWORD = "conduit-demo"
DEMO_EMAILS = ["alice@example.org", "bob@example.org", "carol@example.org"]
HEALTH_EVERY_SECONDS = 0.05
IDLE_SECONDS = 3.0
SIGN_IN_PATHS = {"RealWorld logins": "/api/users/login", "session sign-ins": "/api/users/sessions"}
# One request of a burst: method, path, JSON body, headers.
Call = tuple[str, str, dict[str, Any], dict[str, str]]


@dataclass
class Outcome:
    """What a burst of requests got back."""

    statuses: Counter[int] = field(default_factory=Counter)
    transport_errors: int = 0
    seconds: float = 0.0
    health_latencies: list[float] = field(default_factory=list)
    health_failures: int = 0

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def signed_in_per_second(self) -> float:
        return self.statuses[200] / self.seconds if self.seconds else 0.0


async def _poll_health(client: httpx.AsyncClient, outcome: Outcome, stop: asyncio.Event) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        try:
            response = await client.get("/health")
            if response.status_code == 200:
                outcome.health_latencies.append(time.perf_counter() - started)
            else:
                outcome.health_failures += 1
        except httpx.TransportError:
            outcome.health_failures += 1
        await asyncio.sleep(HEALTH_EVERY_SECONDS)


async def _burst(url: str, requests: list[Call], idle_seconds: float = 0.0) -> Outcome:
    """Send all `requests` (method, path, json, headers) at once while /health is polled;
    with none, poll for `idle_seconds`."""
    outcome = Outcome()
    limits = httpx.Limits(max_connections=len(requests) + 1, max_keepalive_connections=0)
    timeout = httpx.Timeout(600.0)  # a storm on a busy machine takes minutes; the wait is fine
    async with (
        httpx.AsyncClient(base_url=url, limits=limits, timeout=timeout) as client,
        httpx.AsyncClient(base_url=url, timeout=timeout) as health_client,
    ):
        stop = asyncio.Event()
        poller = asyncio.create_task(_poll_health(health_client, outcome, stop))

        async def send(
            method: str, path: str, body: dict[str, Any], headers: dict[str, str]
        ) -> None:
            try:
                response = await client.request(method, path, json=body, headers=headers)
                outcome.statuses[response.status_code] += 1
            except httpx.TransportError:
                outcome.transport_errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(send(*request) for request in requests))
        if not requests:
            await asyncio.sleep(idle_seconds)
        outcome.seconds = time.perf_counter() - started
        stop.set()
        await poller
    return outcome


def login_storm(url: str, logins: int) -> Outcome:
    """`logins` demo logins at once, half of them with a wrong password."""
    requests: list[Call] = [
        (
            "POST",
            "/api/users/login",
            {
                "user": {
                    "email": DEMO_EMAILS[n % len(DEMO_EMAILS)],
                    "password": DEMO_PASSWORD if n % 2 else "wrong-password",
                }
            },
            {},
        )
        for n in range(logins)
    ]
    return asyncio.run(_burst(url, requests))


def idle(url: str) -> Outcome:
    """/health alone for a few seconds: the latency the storms are compared with."""
    return asyncio.run(_burst(url, [], IDLE_SECONDS))


async def _sign_in_storm(url: str, path: str, clients: int, each: int) -> Outcome:
    """`clients` clients at once, each signing in `each` times in turn, while /health is polled."""
    outcome = Outcome()
    timeout = httpx.Timeout(600.0)
    async with (
        httpx.AsyncClient(base_url=url, timeout=timeout) as client,
        httpx.AsyncClient(base_url=url, timeout=timeout) as health_client,
    ):
        stop = asyncio.Event()
        poller = asyncio.create_task(_poll_health(health_client, outcome, stop))

        async def sign_in_repeatedly(number: int) -> None:
            email = DEMO_EMAILS[number % len(DEMO_EMAILS)]
            credentials = {"user": {"email": email, "password": DEMO_PASSWORD}}
            for _ in range(each):
                try:
                    response = await client.post(path, json=credentials)
                    outcome.statuses[response.status_code] += 1
                except httpx.TransportError:
                    outcome.transport_errors += 1

        started = time.perf_counter()
        await asyncio.gather(*(sign_in_repeatedly(number) for number in range(clients)))
        outcome.seconds = time.perf_counter() - started
        stop.set()
        await poller
    return outcome


def sign_in_storm(url: str, path: str, clients: int, each: int) -> Outcome:
    return asyncio.run(_sign_in_storm(url, path, clients, each))


def _token(url: str) -> str:
    credentials = {"user": {"email": DEMO_EMAILS[0], "password": DEMO_PASSWORD}}
    response = httpx.post(f"{url}/api/users/login", json=credentials, timeout=600)
    response.raise_for_status()
    return str(response.json()["user"]["token"])


def same_title_race(url: str, articles: int = 50) -> tuple[Outcome, int]:
    """`articles` articles with one title at once; also how many distinct slugs they got."""
    headers = {"Authorization": f"Token {_token(url)}"}
    title = f"Same title {time.time_ns()}"
    article = {"article": {"title": title, "description": "d", "body": "b"}}
    outcome = asyncio.run(_burst(url, [("POST", "/api/articles", article, headers)] * articles))
    listed = httpx.get(f"{url}/api/articles", params={"limit": 100}, timeout=60).json()
    slugs = {a["slug"] for a in listed["articles"] if a["title"] == title}
    return outcome, len(slugs)


def tagged_writers(url: str, writers: int) -> Outcome:
    """`writers` articles sharing tags, written at once."""
    headers = {"Authorization": f"Token {_token(url)}"}
    requests: list[Call] = [
        (
            "POST",
            "/api/articles",
            {
                "article": {
                    "title": f"Tagged {n}",
                    "description": "d",
                    "body": "b",
                    "tagList": ["shared", "python", f"own-{n}"],
                }
            },
            headers,
        )
        for n in range(writers)
    ]
    return asyncio.run(_burst(url, requests))


def _row(name: str, outcome: Outcome, extra: str = "", sign_ins: bool = False) -> list[str]:
    p50, p99 = percentiles(outcome.health_latencies, 50, 99)
    statuses = ", ".join(f"{s}: {c}" for s, c in sorted(outcome.statuses.items()))
    return [
        name,
        statuses + extra,
        str(outcome.server_errors + outcome.transport_errors),
        f"{outcome.seconds:.1f}",
        f"{outcome.signed_in_per_second:.1f}" if sign_ins else "",
        str(len(outcome.health_latencies)),
        str(outcome.health_failures),
        f"{p50 * 1000:.0f}",
        f"{p99 * 1000:.0f}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtests.bench_storm", description=__doc__)
    parser.add_argument("--logins", type=int, default=300, help="logins at once (default 300)")
    parser.add_argument(
        "--clients", type=int, default=16, help="clients of each sign-in storm (default 16)"
    )
    parser.add_argument(
        "--sign-ins", type=int, default=10, help="sign-ins of each storm's client (default 10)"
    )
    parser.add_argument("--writers", type=int, default=20, help="tagged writers (default 20)")
    parser.add_argument("--bcrypt-rounds", type=int, default=12, help="bcrypt cost (default 12)")
    parser.add_argument("--workers", type=int, default=1, help="server workers (default 1)")
    parser.add_argument("--database-url", help="an existing database (default: a new SQLite)")
    args = parser.parse_args(argv)
    settings = {"DATABASE_URL": args.database_url} if args.database_url else {}
    load_before = os.getloadavg()[0]
    with reference_server(
        workers=args.workers, bcrypt_rounds=args.bcrypt_rounds, settings=settings
    ) as server:
        quiet = idle(server.url)
        storms = {
            name: sign_in_storm(server.url, path, args.clients, args.sign_ins)
            for name, path in SIGN_IN_PATHS.items()
        }
        storm = login_storm(server.url, args.logins)
        same_title, slugs = same_title_race(server.url)
        tagged = tagged_writers(server.url, args.writers)
    database = (args.database_url or "sqlite").split(":", 1)[0]
    print_table(
        f"Storms and races on {database}, bcrypt cost {args.bcrypt_rounds}, "
        f"{args.workers} worker(s); {machine_load(load_before)}",
        [
            "run",
            "answers",
            "errors",
            "seconds",
            "sign-ins/s",
            "/health answers",
            "/health failed",
            "/health p50 ms",
            "/health p99 ms",
        ],
        [
            _row(f"no load, {IDLE_SECONDS:.0f} s", quiet),
            *(
                _row(f"{args.clients} clients x {args.sign_ins} {name}", outcome, sign_ins=True)
                for name, outcome in storms.items()
            ),
            _row(f"{args.logins} logins at once", storm, sign_ins=True),
            _row("50 articles, one title", same_title, f" ({slugs} slugs)"),
            _row(f"{args.writers} tagged writers", tagged),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
