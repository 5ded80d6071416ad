"""Run checks in a subprocess, so that the learner's code never runs in the `course` process."""

import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from labs.engine.catalog import LABS_ROOT, Lab
from labs.engine.inside import DATABASE_ENV, SECRET_ENV, SERVICE_DATABASE_ENV, SERVICE_ENV, Inside
from labs.engine.limits import CHECKS_SECONDS
from labs.engine.results import RunResult, load

TIMEOUT_SECONDS = CHECKS_SECONDS
PYTEST_INI = Path(__file__).with_name("checks.ini")
# pytest's own plugins that checks never use: not loading them saves start-up time.
UNUSED_PLUGINS = (
    "cacheprovider", "debugging", "doctest", "faulthandler", "freeze_support", "junitxml",
    "legacypath", "logging", "monkeypatch", "pastebin", "python_path", "recwarn", "setuponly",
    "setupplan", "stepwise", "threadexception", "tmpdir", "unraisableexception", "warnings",
)  # fmt: skip


class RunError(Exception):
    """The checks could not be run at all (pytest crashed or timed out)."""


class AppDoesNotImport(RunError):
    """The learner's app does not import (a syntax or import error): no check can run."""


def pytest_command(
    labs: Sequence[Lab],
    result: Path,
    workspace: Path | None,
    url: str | None,
    hidden: bool,
    socket: Path | None = None,
    database_url: str | None = None,
    inside: Inside | None = None,
    seed: int | None = None,
    fresh_seed: bool = False,
) -> list[str]:
    folders = [str(lab.checks_dir) for lab in labs]
    if hidden:
        folders += [str(lab.hidden_dir) for lab in labs if lab.hidden_dir.is_dir()]
    command = [
        sys.executable, "-m", "labs.engine.checks_process", *folders,
        "-c", str(PYTEST_INI), "--rootdir", str(LABS_ROOT),
        "-p", "labs.engine.plugin", *(f"-pno:{name}" for name in UNUSED_PLUGINS),
        # Checks fail with CheckFailed, never a bare assert: no assertion rewriting needed.
        "--assert=plain", "--import-mode=importlib", "-q", "--no-header", "-rN", "--tb=short",
        "--lab-result", str(result),
    ]  # fmt: skip
    if url:
        command += ["--lab-url", url]
    if url and socket:
        command += ["--lab-socket", str(socket)]
    elif workspace is not None:
        command += ["--lab-workspace", str(workspace.resolve())]
    if database_url and not url:
        command += ["--lab-database-url", database_url]
    if inside is not None and url:  # its key and database go in the environment, out of `ps`
        command += ["--lab-inside-issuer", inside.issuer, "--lab-inside-audience", inside.audience]
        if inside.bcrypt_rounds is not None:
            command += ["--lab-inside-bcrypt-rounds", str(inside.bcrypt_rounds)]
    if seed is not None:
        command += ["--lab-seed", str(seed)]
    elif fresh_seed:
        command += ["--lab-fresh-seed"]
    return command


def run_checks(
    labs: Sequence[Lab],
    *,
    workspace: Path | None = None,
    url: str | None = None,
    hidden: bool = False,
    timeout: float = TIMEOUT_SECONDS,
    socket: Path | None = None,
    database_url: str | None = None,
    inside: Inside | None = None,
    seed: int | None = None,
    fresh_seed: bool = False,
) -> RunResult:
    """Run the checks of `labs` against a workspace's app (in-process) or a server's URL.

    A server that listens on a Unix `socket` is reached through it, `url` giving the Host.
    In-process, `database_url` names a PostgreSQL or MariaDB server to run the app on (in a
    fresh database, dropped after) instead of SQLite. By URL, `inside` (from whoever serves the
    app: the grader) lets the checks that look inside the app run instead of being "n/a".
    `seed` makes the oracle draw the sequences of an earlier run again; without one, it replays
    one of the lab's recorded public seeds, or, with `fresh_seed` (grading), draws a fresh seed
    and compares with the reference app itself (which a learner's install does not hold).
    Raises RunError when they could not run, or did not finish within `timeout` seconds.
    """
    if (workspace is None) == (url is None):
        raise ValueError("give either a workspace or a URL")
    with tempfile.TemporaryDirectory(prefix="course-") as folder:
        result = Path(folder) / "result.json"
        env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
        env.pop("PYTHONPATH", None)
        for name in (SECRET_ENV, DATABASE_ENV, SERVICE_ENV, SERVICE_DATABASE_ENV):
            env.pop(name, None)
        if inside is not None and url:
            env[SECRET_ENV], env[DATABASE_ENV] = inside.secret_key, inside.database_url
            if inside.service_socket and inside.service_database:
                env[SERVICE_ENV] = inside.service_socket
                env[SERVICE_DATABASE_ENV] = inside.service_database
        try:
            finished = subprocess.run(  # noqa: S603 - our own interpreter and arguments
                pytest_command(
                    labs,
                    result,
                    workspace,
                    url,
                    hidden,
                    socket,
                    database_url,
                    inside,
                    seed,
                    fresh_seed,
                ),
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env,
                cwd=folder,
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise RunError(f"the checks did not finish within {timeout:.0f} s") from error
        if not result.exists():
            raise RunError(f"pytest ended without a result:\n{finished.stdout}\n{finished.stderr}")
        run = load(result)
        if run.error:
            raise AppDoesNotImport(run.error)
        if not run.checks and finished.returncode != 0:
            raise RunError(f"the checks could not run:\n{finished.stdout}\n{finished.stderr}")
        return run
