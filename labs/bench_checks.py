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
"""

import argparse
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from labs.engine.catalog import Lab, all_labs, get_lab
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


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labs", default=",".join(all_labs()), help="e.g. 01,02")
    parser.add_argument("--repeat", type=int, default=REPEAT, help="runs per figure")
    args = parser.parse_args()
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
    console = Console()
    console.print(table)
    console.print(f"load average (1, 5, 15 min): {before} before, {_load()} after")


if __name__ == "__main__":
    main()
