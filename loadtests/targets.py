"""The servers a load test compares: the reference and a workspace's app, started the same way,
each on a dataset drawn from the same seed and clock, pinned to the same CPU.

    with serve_app(REFERENCE, now, cpus="1") as served: ...
    with serve_app(workspace_app(Path("workspace")), now, cpus="1") as served: ...
"""

import contextlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from loadtests.dataset import MANIFEST_FILE, Size
from loadtests.serve import (
    HOST,
    REPO_ROOT,
    Server,
    _stop,
    _wait_until_healthy,
    free_port,
    server_environment,
)


@dataclass(frozen=True, slots=True)
class App:
    """A Conduit backend as a package: `python -m <package> serve` runs it."""

    label: str  # as the verdict names it
    package: str
    root: Path  # the folder the package is in

    def __str__(self) -> str:
        return f"{self.label} ({self.root / self.package})"


REFERENCE = App("reference", "reference_app", REPO_ROOT)


def workspace_app(root: Path) -> App:
    """The learner's backend: the package `conduit` of their workspace."""
    return App("yours", "conduit", root.resolve())


@dataclass(frozen=True, slots=True)
class Served:
    server: Server
    manifest: Path  # what its database holds (`loadtests.dataset.Manifest`)


class DatasetFailed(RuntimeError):
    """The app's tables could not be filled with the dataset."""


def _fill(app: App, data_dir: Path, env: dict[str, str], size: Size, now: datetime) -> None:
    command = [
        sys.executable,
        "-m",
        "loadtests.dataset",
        str(data_dir),
        "--package",
        app.package,
        "--articles",
        str(size.articles),
        "--users",
        str(size.users),
        "--bcrypt-rounds",
        env["BCRYPT_ROUNDS"],
        "--now",
        now.isoformat(),
    ]
    filled = subprocess.run(  # noqa: S603 - our own interpreter and arguments
        command, env=env, cwd=data_dir, capture_output=True, text=True, check=False
    )
    if filled.returncode != 0:
        raise DatasetFailed(f"filling {app}'s tables failed:\n{filled.stderr[-3000:]}")


@contextlib.contextmanager
def serve_app(
    app: App,
    now: datetime,
    *,
    size: Size | None = None,
    cpus: str | None = None,
    bcrypt_rounds: int = 4,
) -> Iterator[Served]:
    """Serve `app` with one worker on the dataset of `size` dated from `now`, until the block
    ends. Raises DatasetFailed, or RuntimeError when the app does not start."""
    with tempfile.TemporaryDirectory(prefix=f"conduit-{app.label}-") as tmp:
        data_dir = Path(tmp)
        env = server_environment(data_dir, bcrypt_rounds, "WARNING")
        # Cached, as a graded server is (it runs in production): lab 08's scenario reads back
        # through the cache, and every lab is measured as it will be graded.
        env["RESPONSE_CACHE"] = "true"
        # This package's folder first, so that its name means it and not another; then where
        # `loadtests` is, for the dataset's command.
        env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys([str(app.root), str(REPO_ROOT)]))
        _fill(app, data_dir, env, size or Size(), now)
        port = free_port()
        log_path = data_dir / "server.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [
                    *(["taskset", "-c", cpus] if cpus else []),
                    sys.executable,
                    "-m",
                    app.package,
                    "serve",
                    "--host",
                    HOST,
                    "--port",
                    str(port),
                    "--workers",
                    "1",
                ],
                env=env,
                cwd=data_dir,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so that stopping reaches all
            )
        server = Server(f"http://{HOST}:{port}", 1, process.pid, data_dir)
        try:
            _wait_until_healthy(server, process, log_path)
            yield Served(server, data_dir / MANIFEST_FILE)
        finally:
            _stop(process)
