"""Print how long `course check NN` takes for each lab, in-process and by URL, and why.

    python -m labs.bench_checks                 # every lab, 3 runs per figure
    python -m labs.bench_checks --labs 02 --repeat 5

In-process runs check a workspace holding the reference; by-URL runs check the reference
served by uvicorn. Each figure is the median over REPEAT runs of the whole `course check`
command: its wall time, and its CPU time (user + system, the command and its subprocesses), which
a shared machine stretches less than the wall time, and which is what a quiet machine's wall
time comes near. Side by side, in one run:

- "replayed": what `course check` does, the oracle replaying a recorded public seed against the
  app alone (here seed RECORDED);
- "live": the oracle at a seed with no transcript (here LIVE), compared with the reference app
  itself, started beside the checks (how every seed was checked before transcripts).

The oracle's operations per run (requests sent to the app) are printed for both seeds.

A second table prints what one in-process request costs (GET /api/articles listing 20, the
reference app in this process), each way of answering it measured in turn, round by round:
Litestar's test client with aiosqlite's threads (how checks answered before `deadlines`'
transport and `inline_sqlite`), the checks' client with those threads, and the checks' client as
`course check` runs it, SQLite called inline. Only the ratios mean much on a busy machine.
"""

import argparse
import asyncio
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from labs.engine import inline_sqlite
from labs.engine.catalog import Lab, all_labs, get_lab
from labs.engine.client import Api
from labs.engine.deadlines import BoundedClient
from labs.engine.oracle.record import oracle_of
from labs.engine.oracle.reference import reference_here
from labs.engine.oracle.run import behaves_like_reference
from labs.engine.oracle.transcripts import load
from labs.engine.runner import run_checks
from labs.engine.workspace import create, reference_sources

COURSE = [sys.executable, "-c", "from labs.engine.cli import main; main()"]
REPEAT = 3
RECORDED = 20261203
LIVE = 7
ROUNDS = 60  # rounds of the request costs, each sending BATCH requests each way
BATCH = 5


def _timed(arguments: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `course` command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([*COURSE, *arguments], cwd=cwd, capture_output=True, check=False)  # noqa: S603
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _median(arguments: list[str], cwd: Path, repeat: int) -> tuple[float, float]:
    runs = [_timed(arguments, cwd) for _ in range(repeat)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


@contextmanager
def _served(folder: Path) -> Iterator[str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'conduit.db'}",
        "DATA_DIR": str(folder),
        "BCRYPT_ROUNDS": "4",
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "reference_app", "serve", "--port", str(port)]
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def operations(lab: Lab, seed: int) -> int:
    """Requests one run of the lab's oracle sends to the app at `seed`."""
    transcript = load(lab.folder, seed)
    if transcript is not None:
        return len(transcript.requests)
    regions, refusals = oracle_of(lab)
    with reference_here() as app, reference_here() as reference:
        report = behaves_like_reference(
            app, reference, lab=lab.number, regions=regions, seed=seed, refusals=refusals
        )
    return report.requests


@contextmanager
def _reference_app(folder: Path, way: str) -> Iterator[Api]:
    """The reference app on a database of its own holding 20 articles, answered `way`."""
    from litestar.testing import TestClient

    from reference_app.app import create_app
    from reference_app.database import Database
    from reference_app.settings import Settings

    settings = Settings(
        environment="test",
        database_url=f"sqlite+aiosqlite:///{folder / f'{way}.db'}",
        data_dir=folder,
        secret_key="bench-secret-that-is-long-enough-for-any-environment",
        bcrypt_rounds=4,
    )

    async def create_tables() -> None:
        database = Database(settings.database_url)
        await database.create_tables()
        await database.dispose()

    asyncio.run(create_tables())
    app = create_app(settings)
    client = TestClient(app) if way == "litestar" else BoundedClient(app)
    with client:
        api = Api(client)
        author = api.register()
        for _ in range(20):
            api.create_article(author)
        yield api


WAYS = {
    "litestar": "Litestar's test client, aiosqlite's threads",
    "threads": "checks' client, aiosqlite's threads",
    "inline": "checks' client, SQLite inline (course check)",
}


def request_costs(rounds: int = ROUNDS) -> Table:
    """Milliseconds per in-process request, each way measured in turn, round by round."""
    times: dict[str, list[float]] = {way: [] for way in WAYS}
    with tempfile.TemporaryDirectory(prefix="bench-requests-") as folder, ExitStack() as stack:
        apis = {}
        for way in WAYS:
            _answer_sqlite(way)
            apis[way] = stack.enter_context(_reference_app(Path(folder), way))
        for _ in range(rounds):
            for way, api in apis.items():
                _answer_sqlite(way)
                start = time.perf_counter()
                for _ in range(BATCH):
                    api.get("/api/articles")
                times[way].append((time.perf_counter() - start) / BATCH * 1000)
        inline_sqlite.install()  # as course check runs
    table = Table(title=f"one in-process GET /api/articles (20 listed), median of {rounds} rounds")
    for column in ("answered by", "ms per request", "relative (paired by round)"):
        table.add_column(column, justify="right")
    for way, label in WAYS.items():
        # Each round's ratio to the first way, measured moments apart: drift cancels out.
        ratio = statistics.median(
            t / first for t, first in zip(times[way], times["litestar"], strict=True)
        )
        table.add_row(label, f"{statistics.median(times[way]):.2f}", f"{ratio:.2f}")
    return table


def _answer_sqlite(way: str) -> None:
    if way == "inline":
        inline_sqlite.install()
    else:
        inline_sqlite.uninstall()


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labs", default=",".join(all_labs()), help="e.g. 01,02")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per figure")
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds of request costs")
    parser.add_argument(
        "--requests-only", action="store_true", help="only the in-process request costs"
    )
    args = parser.parse_args()
    console = Console()
    if args.requests_only:
        console.print(request_costs(args.rounds))
        return
    labs = [get_lab(number) for number in args.labs.split(",")]
    before = _load()
    table = Table(title="course check NN: median wall / CPU seconds (replayed vs live oracle)")
    for column in ("lab", "checks", "oracle ops (replayed, live)", "in-process replayed",
                   "in-process live", "by URL replayed", "by URL live"):  # fmt: skip
        table.add_column(column, justify="right")
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        root = Path(folder)
        create(root / "workspace", reference_sources(), [lab.number for lab in labs])
        counts = run_checks(labs, workspace=root / "workspace")
        _timed(["check", labs[0].number], root)  # warm the bytecode caches
        with _served(root) as url:
            for lab in labs:
                cells = []
                for where in ([], ["--url", url]):
                    for seed in (RECORDED, LIVE):
                        wall, cpu = _median(
                            ["check", lab.number, "--seed", str(seed), *where], root, args.repeat
                        )
                        cells.append(f"{wall:.2f} / {cpu:.2f}")
                ops = f"{operations(lab, RECORDED)}, {operations(lab, LIVE)}"
                table.add_row(lab.number, str(len(counts.of_lab(lab.number))), ops, *cells)
    console.print(table)
    console.print(request_costs(args.rounds))
    console.print(f"load average (1, 5, 15 min): {before} before, {_load()} after")


if __name__ == "__main__":
    main()
