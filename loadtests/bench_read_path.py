"""The read path against a hello-world: each endpoint's rate as a share of the yardstick's.

    python -m loadtests.bench_read_path                 # 5 s per cell, 32 connections
    python -m loadtests.bench_read_path --rounds 3 --duration 3

Servers run on one CPU (`--server-cpus`, default 1) and the load generator on another
(`--generator-cpus`, default 0), so neither takes the other's. The hello-world
(`loadtests.hello_world`) is measured at the start and at the end of every round; each
endpoint's rate is then given as a share of the mean of the two, so that the machine's drift
during the run weighs on both sides alike. The generator is `loadtests.socket_generator`: its
CPU column shows when it, rather than the server, was the limit (near 100%).

On a busy machine the servers get only part of their CPU, and rates fall with that share. The
server's CPU time per request moves far less: the last column gives the hello-world's CPU per
request as a share of the endpoint's, the rate share the endpoint would have if both had
the CPU to themselves.

The reference is served as `make run` serves it (its default log level, INFO: a line per
request), with 200 tagged and favorited articles; `/api/articles` pages 20 of them. On SQLite
by default; `--database-url` names a PostgreSQL or MariaDB server instead, on which each
configuration gets a new database of its own, dropped at the end:

    python -m loadtests.bench_read_path --database-url postgresql+asyncpg://postgres@127.0.0.1:5432

Each worker count is served twice: with the response cache off ("uncached") and on
("cached": anonymous reads of tags, lists and articles answered from the cache, see
reference_app/caching/). One worker keeps its cache in process; several share the Redis at
127.0.0.1:6379 (under a key prefix of this run, deleted at the end), and without it their
cached configuration is left out. /health is never cached, so it is measured uncached only.
"""

import argparse
import contextlib
import os
import statistics
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import redis

from labs.engine.databases import fresh_database
from loadtests import bench_api
from loadtests.corpus import add_articles
from loadtests.generator import Result
from loadtests.hello_world import hello_world_server
from loadtests.report import machine_load, percentiles, print_table
from loadtests.serve import Server, reference_server

HELLO = "hello-world"
REDIS_URL = "redis://127.0.0.1:6379/0"
CACHED_PATHS = ("/api/tags", "/api/articles", "/api/articles/:slug")


@dataclass(slots=True)
class Cell:
    """The pooled measurements of one endpoint on one configuration, with its yardsticks."""

    rates: list[float] = field(default_factory=list)
    shares: list[float] = field(default_factory=list)
    answered: int = 0
    server_cpu_seconds: float = 0.0
    failed: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    generator_cpu: list[float] = field(default_factory=list)
    server_cpu: list[float] = field(default_factory=list)

    def add(self, result: Result, yardstick: float | None) -> None:
        rate = result.answered / result.seconds
        self.rates.append(rate)
        if yardstick:
            self.shares.append(rate / yardstick)
        self.failed += result.failed
        self.answered += result.answered
        self.server_cpu_seconds += result.server_cpu_seconds or 0.0
        self.latencies_ms += result.latencies_ms
        self.generator_cpu.append(result.cpu_seconds / result.seconds)
        self.server_cpu.append((result.server_cpu_seconds or 0.0) / result.seconds)

    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu_seconds / max(1, self.answered)

    def row(self, name: str, workers: int, yardstick_cpu_ms: float) -> list[str]:
        (p50,) = percentiles(self.latencies_ms, 50)
        share = f"{100 * statistics.mean(self.shares):.1f}%" if self.shares else "100%"
        cpu_ms = self.cpu_ms_per_request()
        return [
            name,
            str(workers),
            f"{statistics.mean(self.rates):.0f}",
            share,
            f"{p50:.1f}",
            str(self.failed),
            f"{100 * statistics.mean(self.server_cpu):.0f}%",
            f"{100 * statistics.mean(self.generator_cpu):.0f}%",
            f"{cpu_ms:.2f}",
            f"{100 * yardstick_cpu_ms / cpu_ms:.1f}%" if cpu_ms else "-",
        ]


def measure(server: Server, path: str, args: argparse.Namespace) -> Result:
    """Load one endpoint from the bare-socket generator, pinned to the generator's CPUs."""
    return bench_api.measure(
        server, path, args, generator="loadtests.socket_generator", cpus=args.generator_cpus
    )


@contextlib.contextmanager
def redis_prefix() -> Iterator[str | None]:
    """A key prefix of this run's own in the local Redis, deleted at the end; None without it."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        yield None
        return
    prefix = f"bench:{uuid.uuid4().hex}:"
    try:
        yield prefix
    finally:
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
        client.close()


def cache_settings(workers: int, cached: bool, prefix: str | None) -> dict[str, str] | None:
    """The environment of one configuration, or None when it cannot be served."""
    if not cached:
        return {"RESPONSE_CACHE": "false"}
    if workers == 1:
        return {"RESPONSE_CACHE": "true"}
    if prefix is None:
        return None
    return {"RESPONSE_CACHE": "true", "REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": prefix}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loadtests.bench_read_path",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="default: 1 2")
    parser.add_argument("--connections", type=int, default=32, help="default: 32")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per cell (5)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before each cell (1)")
    parser.add_argument("--rounds", type=int, default=1, help="times to repeat the sequence (1)")
    parser.add_argument("--articles", type=int, default=200, help="articles to seed (200)")
    parser.add_argument("--server-cpus", default="1", help="taskset CPUs of the servers (1)")
    parser.add_argument("--generator-cpus", default="0", help="taskset CPUs of the load (0)")
    parser.add_argument("--log-level", default="INFO", help="the reference's log level (INFO)")
    parser.add_argument("--database-url", help="a database server to use instead of SQLite")
    parser.add_argument(
        "--cache", nargs="+", choices=["off", "on"], default=["off", "on"], help="default: off on"
    )
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    with contextlib.ExitStack() as stack:
        prefix = stack.enter_context(redis_prefix())
        hello = stack.enter_context(hello_world_server(cpus=args.server_cpus))
        servers: dict[tuple[int, bool], Server] = {}
        for workers in args.workers:
            for cached in (mode == "on" for mode in args.cache):
                settings = cache_settings(workers, cached, prefix)
                if settings is None:
                    print(f"{workers} workers cached: no Redis at {REDIS_URL}", file=sys.stderr)
                    continue
                if args.database_url:
                    settings["DATABASE_URL"] = stack.enter_context(
                        fresh_database(args.database_url)
                    )
                servers[workers, cached] = stack.enter_context(
                    reference_server(
                        workers=workers,
                        log_level=args.log_level,
                        cpus=args.server_cpus,
                        settings=settings,
                    )
                )
        slugs = {key: add_articles(server.url, args.articles) for key, server in servers.items()}
        urls = {
            "/health": "/health",
            "/api/tags": "/api/tags",
            "/api/articles": "/api/articles?limit=20",
            "/api/articles/:slug": "/api/articles/{slug}",
        }
        hello_cell = Cell()
        cells = {
            (name, key): Cell()
            for name in urls
            for key in servers
            if not key[1] or name in CACHED_PATHS
        }
        for round_number in range(1, args.rounds + 1):
            print(f"round {round_number}: {HELLO}", file=sys.stderr)
            first = measure(hello, "/", args)
            results = {}
            for name, key in cells:
                workers, cached = key
                mode = "cached" if cached else "uncached"
                print(
                    f"round {round_number}: GET {name} {mode}, {workers} worker(s)", file=sys.stderr
                )
                url = urls[name].format(slug=slugs[key][0])
                results[name, key] = measure(servers[key], url, args)
            print(f"round {round_number}: {HELLO} again", file=sys.stderr)
            last = measure(hello, "/", args)
            yardstick = (first.answered + last.answered) / (first.seconds + last.seconds)
            hello_cell.add(first, None)
            hello_cell.add(last, None)
            for cell_key, result in results.items():
                cells[cell_key].add(result, yardstick)

    yardstick_cpu_ms = hello_cell.cpu_ms_per_request()
    database = (args.database_url or "sqlite").split(":")[0].split("+")[0]
    print_table(
        f"Read path against a Litestar hello-world (uvicorn, {database}, {args.articles} articles, "
        f"reference log level {args.log_level}), {args.connections} connections, "
        f"{args.duration:g} s x {args.rounds} round(s) per cell; servers on CPU "
        f"{args.server_cpus}, generator on CPU {args.generator_cpus}; "
        f"{machine_load(load_before)}; CPU in % of one core",
        [
            *("endpoint", "workers", "req/s", "of hello-world", "p50 ms", "errors"),
            *("server CPU", "generator CPU", "server CPU ms/req", "of hello-world by CPU"),
        ],
        [
            hello_cell.row(f"GET / ({HELLO})", 1, yardstick_cpu_ms),
            *(
                cell.row(
                    f"GET {name} ({'cached' if cached else 'uncached'})", workers, yardstick_cpu_ms
                )
                for (name, (workers, cached)), cell in sorted(
                    cells.items(), key=lambda item: (item[0][1][1], item[0][1][0])
                )
            ),
        ],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
