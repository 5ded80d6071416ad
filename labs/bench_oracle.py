"""The oracle's figures: requests per run, `course check` times, and what it catches.

    .venv/bin/python labs/bench_oracle.py                  # every lab: requests, times
    .venv/bin/python labs/bench_oracle.py --labs 02 --catches --seeds 3

For each lab: how many requests one run of its oracle sends (to each app), the median wall
time of `course check NN` in-process and by URL (the reference served by uvicorn), and with
`--catches`, which of the lab's mistakes its oracle catches (and that every correct
alternative in `equivalents/` passes), at the test suite's seed and the next `--seeds` ones:
what a lab's `catches=[...]` must name.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from labs.engine.catalog import Lab, all_labs, get_lab
from labs.engine.checks import CheckFailed
from labs.engine.client import Api
from labs.engine.mistakes import apply_mistake, equivalents_of, mistakes_of
from labs.engine.oracle.record import oracle_of
from labs.engine.oracle.reference import reference_here, scratch_folder
from labs.engine.oracle.run import behaves_like_reference
from labs.engine.starter import Sources
from labs.engine.workspace import create, reference_sources

MATRIX_SEED = 20261203  # tests/labs/conftest.py
# The workspace's app served on a Unix socket, as the grader serves a submission.
SERVE = """
import asyncio, os, sys, threading, uvicorn
threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
from pathlib import Path
from conduit.app import create_app
from conduit.database import Database
from conduit.settings import Settings
folder = Path(sys.argv[1])
settings = Settings(environment="test", database_url=f"sqlite+aiosqlite:///{folder}/app.db",
                    data_dir=folder, secret_key="bench-" * 8, bcrypt_rounds=4)
async def create_tables() -> None:
    database = Database(settings.database_url)
    await database.create_tables()
    await database.dispose()
asyncio.run(create_tables())
uvicorn.run(create_app(settings), uds=str(folder / "app.sock"), log_level="error")
"""


@contextmanager
def served(sources: Sources) -> Iterator[Api]:
    """A workspace with these sources, its app served in a subprocess."""
    folder = scratch_folder()
    workspace = create(folder / "workspace", sources, []).root
    command = [sys.executable, "-c", SERVE, str(folder)]
    # Its input is a pipe from here: it ends when this process does, however that ends.
    server = subprocess.Popen(  # noqa: S603
        command, cwd=workspace, stdin=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    transport = httpx.HTTPTransport(uds=str(folder / "app.sock"))
    try:
        with httpx.Client(base_url="http://app", transport=transport, timeout=30) as client:
            while server.poll() is None:
                try:
                    client.get("/health")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            yield Api(client)
    finally:
        server.kill()
        server.wait()


def catches(lab: Lab, seeds: list[int], only: set[str]) -> None:
    regions, refusals = oracle_of(lab)
    reference = reference_sources()
    cases = [("mistake", m) for m in mistakes_of(lab)] + [
        ("equivalent", e) for e in equivalents_of(lab)
    ]
    cases = [(kind, case) for kind, case in cases if not only or case.name in only]
    caught_always: list[str] = []
    with reference_here() as oracle_reference:
        for kind, case in cases:
            caught = []
            with served(apply_mistake(reference, case)) as app:
                for seed in seeds:
                    try:
                        behaves_like_reference(
                            app, oracle_reference, lab=lab.number, regions=regions, seed=seed,
                            refusals=refusals, shrink=False,
                        )  # fmt: skip
                    except CheckFailed:
                        caught.append(seed)
            print(f"  {kind:10} {case.name:40} caught at {len(caught)}/{len(seeds)} seeds")
            if kind == "mistake" and seeds[0] in caught:
                caught_always.append(case.name)
    print(f"  at seed {seeds[0]}: catches={caught_always}")


def requests_per_run(lab: Lab, seed: int) -> int:
    regions, refusals = oracle_of(lab)
    with served(reference_sources()) as app, reference_here() as reference:
        report = behaves_like_reference(
            app, reference, lab=lab.number, regions=regions, seed=seed, refusals=refusals
        )
    return report.requests


def median_seconds(command: list[str], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False)  # noqa: S603
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def times(labs: list[Lab], rounds: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-oracle-"))
    create(folder / "workspace", reference_sources(), [lab.number for lab in labs])
    course = [str(Path(sys.executable).with_name("course")), "check"]
    port = 8765
    server = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "reference_app", "serve", "--port", str(port)],
        cwd=folder, stdout=subprocess.DEVNULL,
        env={**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{folder}/url.db",
             "DATA_DIR": str(folder), "BCRYPT_ROUNDS": "4", "LOG_LEVEL": "WARNING"},
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        while server.poll() is None:
            try:
                httpx.get(f"{url}/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        for lab in labs:
            here = median_seconds([*course, lab.number, "-w", str(folder / "workspace")], rounds)
            by_url = median_seconds([*course, lab.number, "--url", url], rounds)
            print(f"lab {lab.number}: course check in-process {here:.2f} s, by URL {by_url:.2f} s "
                  f"(median of {rounds})")  # fmt: skip
    finally:
        server.kill()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labs", default=",".join(all_labs()), help="e.g. 01,02")
    parser.add_argument("--rounds", type=int, default=5, help="runs of course check per median")
    parser.add_argument("--catches", action="store_true", help="run the oracle on every mistake")
    parser.add_argument("--seeds", type=int, default=1, help="seeds per mistake (with --catches)")
    parser.add_argument("--only", default="", help="these mistakes and equivalents (a,b,...)")
    args = parser.parse_args()
    labs = [get_lab(number) for number in args.labs.split(",")]
    for lab in labs:
        print(f"lab {lab.number}: {requests_per_run(lab, MATRIX_SEED)} requests per run")
        if args.catches:
            seeds = [MATRIX_SEED + n for n in range(args.seeds)]
            catches(lab, seeds, set(filter(None, args.only.split(","))))
    if args.rounds:
        times(labs, args.rounds)


if __name__ == "__main__":
    main()
