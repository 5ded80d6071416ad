"""Print how long `course check NN` takes for each lab, in-process and by URL.

    python -m labs.bench_checks

In-process runs check a workspace holding the reference; by-URL runs check the reference
served by uvicorn. Each time is the wall time of the whole `course check` command, the median
of REPEAT runs (the machine may be shared: the load average is printed before and after).
"""

import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table

from labs.engine.catalog import all_labs
from labs.engine.runner import run_checks
from labs.engine.workspace import create, reference_sources

COURSE = [sys.executable, "-c", "from labs.engine.cli import main; main()"]
REPEAT = 3


def _timed(arguments: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([*COURSE, *arguments], cwd=cwd, capture_output=True, check=False)  # noqa: S603
    return time.perf_counter() - start


def _serve(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
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
    for _ in range(300):
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    return server, url


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    labs = list(all_labs().values())
    before = _load()
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        root = Path(folder)
        create(root / "workspace", reference_sources(), [lab.number for lab in labs])
        counts = run_checks(labs, workspace=root / "workspace")
        _timed(["check", labs[0].number], root)  # warm the bytecode caches
        server, url = _serve(root)
        try:
            table = Table(title="course check NN: wall time")
            for column in ("lab", "checks", "points", "in-process (s)", "by URL (s)"):
                table.add_column(column, justify="right")
            for lab in labs:
                local = statistics.median(
                    _timed(["check", lab.number], root) for _ in range(REPEAT)
                )
                remote = statistics.median(
                    _timed(["check", lab.number, "--url", url], root) for _ in range(REPEAT)
                )
                checks = counts.of_lab(lab.number)
                table.add_row(
                    lab.number,
                    str(len(checks)),
                    str(sum(c.points for c in checks)),
                    f"{local:.2f}",
                    f"{remote:.2f}",
                )
        finally:
            server.terminate()
            server.wait(timeout=10)
    console = Console()
    console.print(table)
    console.print(f"load average (1, 5, 15 min): {before} before, {_load()} after")


if __name__ == "__main__":
    main()
