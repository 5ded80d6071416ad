"""The reference backend in a process of its own, on a free port of 127.0.0.1, with demo data.

    with reference_server(workers=2) as server:
        httpx.get(f"{server.url}/api/tags")

Each server gets a temporary data directory (its SQLite database, its log) that goes away with
it, and stopping it stops every process it started. As a command, it serves until Ctrl-C:

    python -m loadtests.serve --workers 2 --articles 200
"""

import argparse
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import httpx
import psutil  # type: ignore[import-untyped,unused-ignore]

HOST = "127.0.0.1"
REPO_ROOT = Path(__file__).resolve().parents[1]
STARTUP_TIMEOUT = 30.0
STOP_TIMEOUT = 10.0


@dataclass(frozen=True, slots=True)
class Server:
    url: str
    workers: int
    pid: int
    data_dir: Path

    def processes(self) -> list[psutil.Process]:
        """The server's processes: uvicorn's supervisor and, with several workers, its workers."""
        try:
            parent = psutil.Process(self.pid)
            return [parent, *parent.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def server_environment(data_dir: Path, bcrypt_rounds: int, log_level: str) -> dict[str, str]:
    """The caller's environment with the settings that keep this server to itself."""
    inherited = {k: v for k, v in os.environ.items() if k not in {"HOST", "PORT", "WORKERS"}}
    python_path = os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))
    return inherited | {
        "ENVIRONMENT": "test",
        "DATABASE_URL": f"sqlite+aiosqlite:///{data_dir / 'conduit.db'}",
        "DATA_DIR": str(data_dir),
        "SECRET_KEY": secrets.token_urlsafe(48),
        "BCRYPT_ROUNDS": str(bcrypt_rounds),
        "LOG_LEVEL": log_level,
        "PYTHONPATH": python_path,
    }


@contextlib.contextmanager
def reference_server(
    *,
    workers: int = 1,
    bcrypt_rounds: int = 4,
    log_level: str = "WARNING",
    seed: bool = True,
    settings: Mapping[str, str] | None = None,
    cpus: str | None = None,
) -> Iterator[Server]:
    """Serve the reference backend until the block ends; `settings` adds environment variables.

    `cpus` (as `taskset -c` takes them, "1" or "0,1") pins the server's processes to those CPUs,
    so that a load generator pinned elsewhere does not take its CPU.

    Ready once /health answers. With several workers the others may still be starting then:
    benchmarks warm up before they measure.
    """
    with tempfile.TemporaryDirectory(prefix="conduit-load-") as tmp:
        data_dir = Path(tmp)
        env = server_environment(data_dir, bcrypt_rounds, log_level) | dict(settings or {})
        command = [sys.executable, "-m", "reference_app"]
        # The data dir as working directory: a stray .env where the caller stands is not read.
        if seed:
            seeding = subprocess.run(  # noqa: S603 - our own interpreter and arguments
                [*command, "seed"], env=env, cwd=data_dir, capture_output=True, text=True
            )
            if seeding.returncode != 0:
                raise RuntimeError(f"seeding failed:\n{seeding.stdout}{seeding.stderr}")
        port = free_port()
        log_path = data_dir / "server.log"
        with log_path.open("wb") as log:
            # A file, not a pipe: a pipe nobody reads fills up and stalls the server.
            pin = ["taskset", "-c", cpus] if cpus else []
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [
                    *pin,
                    *command,
                    "serve",
                    "--host",
                    HOST,
                    "--port",
                    str(port),
                    "--workers",
                    str(workers),
                ],
                env=env,
                cwd=data_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so that stop() reaches all
            )
        server = Server(f"http://{HOST}:{port}", workers, process.pid, data_dir)
        try:
            _wait_until_healthy(server, process, log_path)
            yield server
        finally:
            _stop(process)


def _wait_until_healthy(server: Server, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode}:\n{_tail(log)}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(f"{server.url}/health", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer within {STARTUP_TIMEOUT:.0f} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's process group: gently, then for good if it does not listen."""
    group = process.pid  # start_new_session made the server the leader of its own group
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(STOP_TIMEOUT)
    # A worker can outlive its supervisor for a moment; nothing of the group may stay.
    deadline = time.monotonic() + STOP_TIMEOUT
    while _group_alive(group) and time.monotonic() < deadline:
        time.sleep(0.05)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
    process.wait()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def main(argv: list[str] | None = None) -> int:
    from loadtests.corpus import add_articles

    parser = argparse.ArgumentParser(prog="python -m loadtests.serve", description=__doc__)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn workers (default 1)")
    parser.add_argument("--articles", type=int, default=0, help="articles to add to the demo data")
    parser.add_argument("--bcrypt-rounds", type=int, default=4, help="cost of bcrypt (default 4)")
    parser.add_argument("--log-level", default="INFO", help="server log level (default INFO)")
    args = parser.parse_args(argv)
    # SIGTERM (from `kill`, a service manager, a test) must stop the server as Ctrl-C does: by
    # default it ends this process at once, and the server, in a process group of its own,
    # would outlive it.
    signal.signal(signal.SIGTERM, _interrupt)
    with (
        contextlib.suppress(KeyboardInterrupt),
        reference_server(
            workers=args.workers, bcrypt_rounds=args.bcrypt_rounds, log_level=args.log_level
        ) as server,
    ):
        if args.articles:
            add_articles(server.url, args.articles)
        print(f"Conduit API on {server.url} (log: {server.data_dir / 'server.log'})")
        print(f"  locust -f loadtests/locustfile.py --host {server.url}")
        print("Ctrl-C stops it.", flush=True)
        signal.pause()
    return 0


def _interrupt(signal_number: int, frame: object) -> NoReturn:
    """Stop as Ctrl-C does; a second SIGTERM then waits for the stopping, not cut it short."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
