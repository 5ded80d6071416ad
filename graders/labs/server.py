"""The learner's app served in a sandbox, reached through a Unix socket only the grader can see.

The grader binds the socket in its own folder and hands the app the listening descriptor: the
sandbox never sees the socket's folder, so it cannot swap the socket for another learner's.

The grader also owns what lets the checks look inside the app: the folder its SQLite database
is in (or its database on a server) and its signing key, chosen afresh for each submission.
"""

import dataclasses
import json
import secrets
import socket
import sys
import time
from pathlib import Path

import httpx

from graders.labs.database_folder import (
    DATABASE,
    INSIDE,
    ServerDatabase,
    make_database_folder,
)
from graders.sandbox import Limits, Running
from labs.engine.inside import Inside
from labs.engine.starter import Sources
from labs.engine.workspace import PACKAGE
from loadtests import dataset as dataset_module
from reference_app.encryption.keys import new_key_text, new_ring

APP = Path("/app")
DATASET_SOURCE = Path(dataset_module.__file__)
SOCKET_NAME = "http.sock"
ISSUER, AUDIENCE = "conduit", "conduit-api"  # the tokens' claims, set for the app by the grader
# The app's bcrypt cost: low, for speed, but neither the checks' in-process 4 nor bcrypt's
# default 12, so that a hash at a cost written in the code instead of the settings shows.
BCRYPT_ROUNDS = 5
SERVER_LIMITS = Limits(cpu_seconds=60, memory_bytes=2048 * 1024 * 1024, processes=128)
START_SECONDS = 60  # for the app to start, apart from the time its checks are given
# Run inside the sandbox: tables first, then the app on the socket.
LAUNCH = """
import asyncio, sys
sys.path.insert(0, sys.argv[1])
import uvicorn
from conduit.database import Database
from conduit.settings import Settings
settings = Settings()
async def create_tables():
    database = Database(settings.database_url)
    await database.create_tables()
    await database.dispose()
asyncio.run(create_tables())
uvicorn.run("conduit.app:create_app", factory=True, fd=int(sys.argv[2]), access_log=False,
            log_level="warning")
"""
# For a load test: the dataset drawn into the app's own tables first (through its own code, so
# inside the sandbox), then the app on the socket. The dataset's module is copied beside it.
DATASET_MODULE = "_load_test_dataset"
LAUNCH_WITH_DATA = f"""
import json, sys
from datetime import datetime
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import uvicorn
import {DATASET_MODULE} as dataset
spec = json.loads(sys.argv[3])
dataset.build(Path(spec["folder"]), dataset.Size(**spec["size"]), package="conduit",
              bcrypt_rounds=spec["bcrypt_rounds"], now=datetime.fromisoformat(spec["now"]))
uvicorn.run("conduit.app:create_app", factory=True, fd=int(sys.argv[2]), access_log=False,
            log_level="warning")
"""


@dataclasses.dataclass(frozen=True, slots=True)
class Dataset:
    """The load test's data, drawn into the app's tables before it serves (`loadtests.dataset`)."""

    size: dict[str, int]  # `loadtests.dataset.Size`'s fields
    now: str  # the clock the articles are dated back from, ISO with its zone


class ServerDidNotStart(Exception):
    """The app ended, or did not answer on its socket, before the checks could run."""


def write_app(folder: Path, sources: Sources) -> Path:
    """The sources as a package in `folder`, which the sandbox sees read-only at /app."""
    for path, text in sources.items():
        target = folder / PACKAGE / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    return folder


def start_server(
    folder: Path,
    sources: Sources,
    *,
    limits: Limits = SERVER_LIMITS,
    trusted: bool = False,
    database: ServerDatabase | None = None,
    bcrypt_rounds: int = BCRYPT_ROUNDS,
    dataset: Dataset | None = None,
) -> tuple[Running, Path, Inside]:
    """Start the app in a sandbox; once it answers, return it, the host path of its socket, and
    what lets the checks look inside it.

    Its database is SQLite in a folder of the grader's, unless `database` gives one on a server.
    The app is given START_SECONDS to answer; its clock then restarts with `limits.wall_seconds`.
    With `dataset`, its tables are filled with it first (the manifest is written beside them).
    """
    app = write_app(folder / "app", sources)
    if dataset is not None:
        (app / f"{DATASET_MODULE}.py").write_text(DATASET_SOURCE.read_text())
    path = folder / SOCKET_NAME
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(128)
    data = make_database_folder(folder, limits.scratch_bytes, trusted=trusted)
    seen = data if trusted else INSIDE
    secret = secrets.token_urlsafe(32)
    sqlite = f"sqlite+aiosqlite:///{seen}/{DATABASE}"
    env = {
        "ENVIRONMENT": "production",  # as deployed: a cheat looking for "test" is not fooled
        "DATABASE_URL": database.app_url if database else sqlite,
        "DATA_DIR": str(seen),
        "SECRET_KEY": secret,
        # Fresh keys for the personal data it seals (a production app refuses to start without).
        "ENCRYPTION_KEYS": new_ring().text(),
        "BLIND_INDEX_KEY": new_key_text(),
        "TOKEN_ISSUER": ISSUER,
        "TOKEN_AUDIENCE": AUDIENCE,
        "BCRYPT_ROUNDS": str(bcrypt_rounds),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    inside_url = database.inside_url if database else f"sqlite+aiosqlite:///{data}/{DATABASE}"
    inside = Inside(inside_url, secret, ISSUER, AUDIENCE, bcrypt_rounds)
    data_spec = (
        [
            json.dumps(
                {**dataclasses.asdict(dataset), "folder": str(seen), "bcrypt_rounds": bcrypt_rounds}
            )
        ]
        if dataset is not None
        else []
    )
    with listener:
        running = Running(
            [
                sys.executable,
                "-I",
                "-c",
                LAUNCH if dataset is None else LAUNCH_WITH_DATA,
                str(app if trusted else APP),
                str(listener.fileno()),
                *data_spec,
            ],
            folder=folder,
            limits=dataclasses.replace(limits, wall_seconds=START_SECONDS),
            read_only=[(app, APP), *(database.read_only if database else ())],
            writable=[] if trusted else [(data, INSIDE)],
            env=env,
            pass_fds=[listener.fileno()],
            trusted=trusted,
        )
    try:
        _wait_for(path, running, START_SECONDS)
    except ServerDidNotStart:
        running.stop()
        raise
    running.restart_clock(limits.wall_seconds)
    return running, path, inside


def _wait_for(path: Path, running: Running, seconds: float) -> None:
    """Until the app answers an HTTP request, whatever its answer (the socket listens already)."""
    deadline = time.monotonic() + seconds
    with httpx.Client(transport=httpx.HTTPTransport(uds=str(path)), timeout=1) as client:
        while time.monotonic() < deadline:
            if not running.alive():
                output = running.finished().output[-2000:]
                raise ServerDidNotStart(f"the app ended before it served:\n{output}")
            try:
                with client.stream("GET", "http://grader/"):
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
    raise ServerDidNotStart(f"the app did not answer within {seconds:.0f} s")
