"""Requests per second and latency of a few reads, served by uvicorn with 1 and with 2 workers.

    python -m loadtests.bench_api                  # 10 s per cell, 32 connections
    python -m loadtests.bench_api --duration 3 --rounds 3

Every configuration is started first and seeded with the same number of tagged, favorited
articles; then the cells run one after the other, the configurations side by side for each
endpoint, so that whatever else the machine is doing weighs on them alike. With `--rounds` the
whole sequence repeats and each cell pools its rounds. The load comes from
`loadtests.generator`, in a process of its own.

On a shared machine requests per second move with everything else that runs; the server's CPU
time per request moves less, and is the figure to compare between two versions of a server.
"""

import argparse
import contextlib
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field

from loadtests.corpus import add_articles
from loadtests.generator import Result
from loadtests.report import machine_load, percentiles, print_table
from loadtests.serve import REPO_ROOT, Server, reference_server

# /health is the floor: routing, middleware and a `SELECT 1`, nothing the API itself does.
PATHS = ["/health", "/api/tags", "/api/articles"]


@dataclass(slots=True)
class Cell:
    """The pooled measurements of one endpoint on one configuration."""

    seconds: float = 0.0
    answered: int = 0
    failed: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    client_cpu_seconds: float = 0.0
    server_cpu_seconds: float = 0.0

    def add(self, result: Result) -> None:
        self.seconds += result.seconds
        self.answered += result.answered
        self.failed += result.failed
        self.latencies_ms += result.latencies_ms
        self.client_cpu_seconds += result.cpu_seconds
        self.server_cpu_seconds += result.server_cpu_seconds or 0.0

    def row(self, path: str, workers: int) -> list[str]:
        p50, p95, p99 = percentiles(self.latencies_ms, 50, 95, 99)
        return [
            f"GET {path}",
            str(workers),
            f"{self.answered / self.seconds:.0f}",
            f"{p50:.1f}",
            f"{p95:.1f}",
            f"{p99:.1f}",
            str(self.failed),
            f"{100 * self.server_cpu_seconds / self.seconds:.0f}%",
            f"{1000 * self.server_cpu_seconds / max(1, self.answered):.1f}",
            f"{100 * self.client_cpu_seconds / self.seconds:.0f}%",
        ]


def measure(
    server: Server,
    path: str,
    args: argparse.Namespace,
    *,
    generator: str = "loadtests.generator",
    cpus: str | None = None,
) -> Result:
    """Load one endpoint from a generator process of its own (the module `generator`, pinned
    to `cpus` with taskset when given) and return what it measured."""
    pinned = ("taskset", "-c", cpus) if cpus else ()
    command = [
        *pinned,
        *(sys.executable, "-m", generator),
        server.url + path,
        f"--connections={args.connections}",
        f"--duration={args.duration}",
        f"--warmup={args.warmup}",
        f"--server-pid={server.pid}",
    ]
    timeout = 60 + args.warmup + args.duration
    env = os.environ | {"PYTHONPATH": str(REPO_ROOT)}
    finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, capture_output=True, text=True, check=True, timeout=timeout, env=env
    )
    return Result(**json.loads(finished.stdout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loadtests.bench_api",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="default: 1 2")
    parser.add_argument("--connections", type=int, default=32, help="default: 32")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per cell (10)")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before each cell (1)")
    parser.add_argument("--rounds", type=int, default=1, help="times to repeat the sequence (1)")
    parser.add_argument("--articles", type=int, default=200, help="articles to seed (200)")
    parser.add_argument("--paths", nargs="+", default=PATHS, help="endpoints to GET")
    parser.add_argument(
        "--log-level", default="WARNING", help="server log level; INFO logs every request"
    )
    args = parser.parse_args(argv)

    load_before = os.getloadavg()[0]
    cells = {(path, workers): Cell() for path in args.paths for workers in args.workers}
    with contextlib.ExitStack() as stack:
        servers = {
            workers: stack.enter_context(
                reference_server(workers=workers, log_level=args.log_level)
            )
            for workers in args.workers
        }
        for server in servers.values():
            add_articles(server.url, args.articles)
        for round_number in range(1, args.rounds + 1):
            for (path, workers), cell in cells.items():
                print(f"round {round_number}: GET {path} on {workers} worker(s)", file=sys.stderr)
                cell.add(measure(servers[workers], path, args))

    print_table(
        f"Reference backend (uvicorn, SQLite, {args.articles} articles), {args.connections} "
        f"connections, {args.duration:g} s x {args.rounds} round(s) per cell; "
        f"{machine_load(load_before)}; CPU in % of one core",
        [
            *("endpoint", "workers", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"),
            *("server CPU", "server CPU ms/req", "client CPU"),
        ],
        [cell.row(path, workers) for (path, workers), cell in cells.items()],
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
