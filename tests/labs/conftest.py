"""Workspaces and check runs shared by the lab tests; each run is made once per session."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from labs.engine.catalog import Lab, all_labs
from labs.engine.mistakes import Mistake, apply_mistake
from labs.engine.oracle.machine import SHRINKS_ENV
from labs.engine.oracle.plugin import SEED_ENV
from labs.engine.results import RunResult
from labs.engine.runner import run_checks
from labs.engine.starter import Sources, make_starter
from labs.engine.workspace import create, reference_sources
from tests.conftest import SERVERS, _answers

LABS = list(all_labs().values())
# The oracle's seed for every run of checks here, so that each mistake's verdict is stable.
os.environ.setdefault(SEED_ENV, "20261203")
LAB_NUMBERS = [lab.number for lab in LABS]


@pytest.fixture(scope="session")
def reference() -> Sources:
    return reference_sources()


@pytest.fixture(scope="session")
def make_workspace(
    tmp_path_factory: pytest.TempPathFactory, reference: Sources
) -> Callable[[str, Sources], Path]:
    def make(name: str, sources: Sources) -> Path:
        return create(tmp_path_factory.mktemp(name), sources, []).root

    return make


@pytest.fixture(scope="session")
def reference_workspace(make_workspace: Callable[[str, Sources], Path], reference: Sources) -> Path:
    return make_workspace("reference", reference)


@pytest.fixture(scope="session")
def reference_run(reference_workspace: Path) -> RunResult:
    """Every lab's checks, hidden ones too, against the reference."""
    return run_checks(LABS, workspace=reference_workspace, hidden=True)


@pytest.fixture(scope="session")
def starter_run(
    make_workspace: Callable[[str, Sources], Path], reference: Sources
) -> Callable[[Lab], RunResult]:
    cache: dict[str, RunResult] = {}

    def run(lab: Lab) -> RunResult:
        if lab.number not in cache:
            workspace = make_workspace(
                f"starter{lab.number}", make_starter(reference, lab.number, lab.hints)
            )
            with verdicts_only():
                cache[lab.number] = run_checks(LABS, workspace=workspace, hidden=True)
        return cache[lab.number]

    return run


@pytest.fixture(scope="session")
def mistake_run(
    make_workspace: Callable[[str, Sources], Path], reference: Sources
) -> Callable[..., RunResult]:
    """`run(lab, mistake, database="sqlite")`: the lab's checks against the mistake, there."""

    def run(lab: Lab, mistake: Mistake, database: str = "sqlite") -> RunResult:
        workspace = make_workspace(mistake.name, apply_mistake(reference, mistake))
        server = None if database == "sqlite" else server_answering(database)
        with verdicts_only():
            return run_checks([lab], workspace=workspace, hidden=True, database_url=server)

    return run


@contextmanager
def verdicts_only() -> Iterator[None]:
    """The oracle tells a difference as it finds it, unshrunk: the matrix needs the verdict only.

    (Shrinking is proven by tests/labs/engine/oracle; here it would cost minutes per mistake.)
    """
    before = os.environ.get(SHRINKS_ENV)
    os.environ[SHRINKS_ENV] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ[SHRINKS_ENV]
        else:
            os.environ[SHRINKS_ENV] = before


def server_answering(backend: str) -> str:
    """The URL of this machine's PostgreSQL or MariaDB server; the test skips when it is silent."""
    url, address = SERVERS[backend]
    if not _answers(address):
        pytest.skip(f"{backend} does not answer on {address[0]}:{address[1]}")
    return url


@pytest.fixture(scope="session")
def reference_run_on_postgresql(reference_workspace: Path) -> RunResult:
    """Every lab's checks, hidden ones too, against the reference running on PostgreSQL."""
    server = server_answering("postgresql")
    return run_checks(LABS, workspace=reference_workspace, hidden=True, database_url=server)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_health(url: str, seconds: float = 120) -> bool:
    """Whether the server at `url` answers GET /health with 200 within `seconds`.

    The bound is for a machine under heavy load, not a timing claim: it returns once it answers.
    """
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    return False


@pytest.fixture(scope="session")
def reference_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The reference backend served over HTTP by uvicorn, as a learner's server would be."""
    folder = tmp_path_factory.mktemp("server")
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'conduit.db'}",
        "DATA_DIR": str(folder),
        "BCRYPT_ROUNDS": "4",
        "ENVIRONMENT": "test",
        "RESPONSE_CACHE": "true",  # as a learner's server and a graded one serve (lab 08)
        "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "reference_app", "serve", "--port", str(port)]
    server = subprocess.Popen(command, cwd=folder, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_for_health(url):
            pytest.fail("the reference server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
