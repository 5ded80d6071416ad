"""The pytest plugin that runs checks: targets, dependencies, verdicts and the result file.

Loaded with `-p labs.engine.plugin` in the subprocess that `course check` starts; the
learner's code runs there, never in the `course` process itself.
"""

import asyncio
import contextlib
import gc
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Generator, Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import httpx
import pytest

from labs.engine.capped import CappedTransport
from labs.engine.checks import CheckFailed
from labs.engine.client import Api, Transport
from labs.engine.crashes import CRASHES, import_problem
from labs.engine.inside import DATABASE_ENV, SECRET_ENV, Inside
from labs.engine.limits import URL_REQUEST_SECONDS
from labs.engine.oracle.plugin import run_seed
from labs.engine.results import CheckResult, RunResult

# The oracle's seed and the reference beside the app (labs/engine/oracle/plugin.py).
pytest_plugins = ("labs.engine.oracle.plugin",)
NOT_APPLICABLE = "not applicable by URL: this check looks inside the app"
LAB_FOLDER = re.compile(r"lab(\d\d)_")
SECRET = "checks-secret-that-is-long-enough-for-any-environment"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("course checks")
    group.addoption("--lab-workspace", help="workspace whose app is checked in-process")
    group.addoption("--lab-url", help="base URL of a running server to check instead")
    group.addoption("--lab-socket", help="Unix socket that server listens on, if not TCP")
    group.addoption("--lab-result", help="where to write the JSON result")
    group.addoption(
        "--lab-database-url",
        help="in-process: run the app on a fresh database on this PostgreSQL or MariaDB server",
    )
    # By URL, what lets inside checks run: the app's database, and its token settings (the
    # signing key comes in the environment variable COURSE_INSIDE_SECRET, never in `ps`; the
    # database's URL may too, in COURSE_INSIDE_DATABASE).
    group.addoption("--lab-inside-database", help="by URL: the app's database (SQLAlchemy URL)")
    group.addoption("--lab-inside-issuer", default="conduit", help="by URL: the tokens' issuer")
    group.addoption(
        "--lab-inside-audience", default="conduit-api", help="by URL: the tokens' audience"
    )
    group.addoption("--lab-inside-bcrypt-rounds", type=int, help="by URL: the app's bcrypt cost")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    # Collecting imports the checks, Hypothesis and the learner's app (Litestar, SQLAlchemy,
    # pydantic): hundreds of thousands of objects that live as long as this process. The
    # garbage collector would walk them all at each full collection, about a fifth of lab
    # 01's run; it is off while they are imported, and they are frozen out of its sight after.
    gc.disable()
    config.addinivalue_line("markers", "check(points, task, rule, catches, after, inside): a check")
    config.stash[_OUTCOMES] = {}
    workspace = config.getoption("--lab-workspace")
    if workspace and not config.getoption("--lab-url"):
        sys.path.insert(0, str(Path(workspace).resolve()))


_OUTCOMES = pytest.StashKey[dict[str, CheckResult]]()


def check_id(item: pytest.Item) -> str:
    lab = LAB_FOLDER.search(str(item.path))
    name = getattr(item, "originalname", item.name).removeprefix("test_")
    return f"{lab[1] if lab else '??'}:{name}"


def _marker(item: pytest.Item) -> dict[str, Any]:
    mark = item.get_closest_marker("check")
    if mark is None:
        raise pytest.UsageError(f"{item.nodeid} is not declared with @check(points=..., task=...)")
    return dict(mark.kwargs)


@pytest.hookimpl(wrapper=True)
def pytest_collection(session: pytest.Session) -> Generator[None, object, object]:
    """Collect (importing the app), then let the collector see only what the checks create."""
    try:
        return (yield)
    finally:
        gc.freeze()
        gc.enable()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run every check after the checks it depends on; none when the app does not import."""
    workspace = config.getoption("--lab-workspace")
    if workspace and not config.getoption("--lab-url"):
        problem = import_problem(Path(workspace) / "conduit")
        if problem:  # told once, by the engine, instead of once per check
            config.stash[_IMPORT_PROBLEM] = problem
            items[:] = []
            return
    by_id: dict[str, pytest.Item] = {}
    for item in items:
        if check_id(item) in by_id:  # a hidden check named like a public one, say
            raise pytest.UsageError(f"two checks are named {check_id(item)!r}: rename one")
        by_id[check_id(item)] = item
    ordered: list[pytest.Item] = []
    placed: set[str] = set()

    def place(item: pytest.Item) -> None:
        key = check_id(item)
        if key in placed:
            return
        placed.add(key)
        lab = key.split(":")[0]
        for name in _marker(item).get("after", ()):
            dependency = by_id.get(f"{lab}:{name}")
            if dependency is None:
                raise pytest.UsageError(f"{item.nodeid} runs after unknown check {name!r}")
            place(dependency)
        ordered.append(item)

    for item in items:
        place(item)
    items[:] = ordered


def pytest_runtest_setup(item: pytest.Item) -> None:
    meta = _marker(item)
    outcomes = item.config.stash[_OUTCOMES]
    if meta.get("inside") and _by_url_without_inside(item.config):
        pytest.skip(NOT_APPLICABLE)
    lab = check_id(item).split(":")[0]
    for name in meta.get("after", ()):
        before = outcomes.get(f"{lab}:{name}")
        if before is None or before.status != "passed":
            title = before.title if before else name
            pytest.skip(f"skipped: needs the check {title!r} to pass first")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    outcomes = item.config.stash[_OUTCOMES]
    key = check_id(item)
    meta = _marker(item)
    result = outcomes.get(key) or CheckResult(
        lab=key.split(":")[0],
        id=key.split(":")[1],
        title=(getattr(item, "function", None).__doc__ or item.name).strip(),
        task=meta["task"],
        points=int(meta["points"]),
        hidden="hidden" in item.path.parts,
        status="passed",
        catches=list(meta.get("catches", ())),
        inside=bool(meta.get("inside")),
        rule=str(meta["rule"]),
    )
    result.duration += report.duration
    seed = dict(report.user_properties).get("seed")
    result.seed = seed if isinstance(seed, int) else result.seed
    if report.skipped:
        reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
        reason = reason.removeprefix("Skipped: ")
        result.status = "n/a" if reason == NOT_APPLICABLE else "skipped"
        result.message = reason
    elif report.failed:
        result.status = "failed"
        error = call.excinfo.value if call.excinfo else None
        if isinstance(error, CheckFailed):
            result.sent, result.expected, result.got = error.sent, error.expected, error.got
            result.hint = error.hint
            result.message = str(error)
        else:
            result.message = _last_lines(report.longreprtext)
            result.hint = "the check itself could not run: read the message above"
    result.raised += [told for told in CRASHES.take() if told not in result.raised]
    if result.status == "failed" and result.raised:
        # The check's hint guesses at a cause; the learner's own exception is the cause.
        result.hint = f"your code raised {result.raised[0].splitlines()[0]} (shown below)"
    outcomes[key] = result
    return report


def _last_lines(text: str, count: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-count:])


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    path = session.config.getoption("--lab-result")
    if not path:
        return
    session.config.stash[_EXIT_STATUS] = int(exitstatus)
    url = session.config.getoption("--lab-url")
    run = RunResult(
        mode="url" if url else "in-process",
        target=url or str(session.config.getoption("--lab-workspace")),
        checks=list(session.config.stash[_OUTCOMES].values()),
        finished_at=time.time(),
        seed=run_seed(session.config),
        error=session.config.stash.get(_IMPORT_PROBLEM, ""),
    )
    Path(path).write_text(json.dumps(asdict(run), indent=2) + "\n")


_EXIT_STATUS = pytest.StashKey[int]()
_IMPORT_PROBLEM = pytest.StashKey[str]()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Once the result file is written, end the process at once.

    Tearing down an interpreter that imported Litestar, SQLAlchemy and pydantic takes about
    a second, and nothing is left to do: the engine reads the result file, not the output.
    When pytest itself failed (a usage error, an internal error) it still reports it first.
    """
    if config.stash.get(_EXIT_STATUS, None) not in (
        pytest.ExitCode.OK,
        pytest.ExitCode.TESTS_FAILED,
        pytest.ExitCode.NO_TESTS_COLLECTED,
    ):
        return  # pytest has an error to report first
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(config.stash[_EXIT_STATUS])


@pytest.fixture(scope="session")
def _target(pytestconfig: pytest.Config) -> Iterator[tuple[Transport, Inside | None]]:
    url = pytestconfig.getoption("--lab-url")
    if url:
        socket = pytestconfig.getoption("--lab-socket")
        # What the server answers is read bounded: when grading, it is a learner's code.
        transport = CappedTransport(httpx.HTTPTransport(uds=socket or None))
        with httpx.Client(base_url=url, timeout=URL_REQUEST_SECONDS, transport=transport) as client:
            yield client, _inside_by_url(pytestconfig)
        return
    server = pytestconfig.getoption("--lab-database-url")
    with tempfile.TemporaryDirectory(prefix="course-check-") as folder:
        if not server:
            yield from _in_process(Path(folder), f"sqlite+aiosqlite:///{folder}/conduit.db")
            return
        from labs.engine.databases import DatabaseServerError, fresh_database

        with contextlib.ExitStack() as stack:
            try:
                database_url = stack.enter_context(fresh_database(server))
            except DatabaseServerError as error:
                raise CheckFailed(
                    f"CREATE DATABASE on {server}",
                    "a database server that answers",
                    str(error),
                    "is the server running, and may this user create databases?",
                ) from error
            yield from _in_process(Path(folder), database_url)


def _by_url_without_inside(config: pytest.Config) -> bool:
    return bool(config.getoption("--lab-url")) and _inside_by_url(config) is None


def _inside_by_url(config: pytest.Config) -> Inside | None:
    """What the grader handed over to look inside the app it serves, if it did."""
    database = config.getoption("--lab-inside-database") or os.environ.get(DATABASE_ENV)
    secret = os.environ.get(SECRET_ENV)
    if not database or not secret:
        return None
    issuer, audience = (config.getoption(f"--lab-inside-{name}") for name in ("issuer", "audience"))
    return Inside(
        database, secret, issuer, audience, config.getoption("--lab-inside-bcrypt-rounds")
    )


def _in_process(folder: Path, database_url: str) -> Iterator[tuple[Transport, Inside]]:
    from labs.engine.deadlines import BoundedClient
    from labs.engine.inline_sqlite import install

    install()  # the app's SQLite calls skip aiosqlite's thread where no lock can make them wait

    try:
        from conduit.app import create_app  # type: ignore[import-not-found]
        from conduit.database import Database  # type: ignore[import-not-found]
        from conduit.settings import Settings  # type: ignore[import-not-found]
    except Exception as error:
        raise CheckFailed(
            "import conduit.app",
            "the workspace's app to import",
            repr(error),
            "run `python -c 'import conduit.app'` in your workspace and fix the first error",
        ) from error
    settings = Settings(
        environment="test",
        database_url=database_url,
        data_dir=folder,
        secret_key=SECRET,
        bcrypt_rounds=4,
        # On, as when graded (a server in production caches): lab 08's checks grade the cache,
        # and every lab's checks read through it, as its learners' users would.
        response_cache=True,
    )
    app = create_app(settings)
    CRASHES.package = Path(sys.modules["conduit"].__path__[0])
    app.after_exception.append(CRASHES.record)

    async def create_tables() -> None:
        db = Database(settings.database_url)
        await db.create_tables()
        await db.dispose()

    asyncio.run(create_tables())
    inside = Inside(
        database_url, SECRET, settings.token_issuer, settings.token_audience, settings.bcrypt_rounds
    )
    # Each answer is waited for as long as by URL: a hanging app fails its checks, quickly.
    with BoundedClient(app, raise_server_exceptions=False) as client:
        yield client, inside


@pytest.fixture
def api(_target: tuple[Transport, Inside | None]) -> Api:
    """The API under check."""
    return Api(_target[0])


@pytest.fixture
def inside(_target: tuple[Transport, Inside | None]) -> Inside:
    """The app's insides (in-process only; checks using this are declared `inside=True`)."""
    if _target[1] is None:
        pytest.skip(NOT_APPLICABLE)
    return _target[1]
