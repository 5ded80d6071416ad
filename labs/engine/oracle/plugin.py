"""The oracle's part of the checks' pytest run: the seed, and the reference beside the app.

    course check 02 --seed 1234     (pytest: --lab-seed 1234)

Without a seed (nor COURSE_ORACLE_SEED in the environment), a run replays one of the lab's
recorded public seeds (`transcripts.PUBLIC_SEEDS`) against the app alone; with
--lab-fresh-seed (grading) it draws a fresh seed and compares with the reference app itself,
once every public seed is replayed (as it is in any run at a seed not recorded).
Either way the seed is written in the result, and a failing oracle check shows it, so that the
same sequences can be replayed exactly.
"""

import os
import secrets
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest

from labs.engine.client import Api

CHECK_FILE = "test_behaves_like_reference.py"
SEED_ENV = "COURSE_ORACLE_SEED"  # a seed for every run that is given none (the test suite's)
_SEED = pytest.StashKey[int]()
_SERVER = pytest.StashKey[object]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("course checks")
    group.addoption(
        "--lab-seed", type=int, help="the seed of the oracle's random sequences (replays a run)"
    )
    group.addoption(
        "--lab-fresh-seed",
        action="store_true",
        help="without --lab-seed: a fresh seed, compared with the reference app (grading)",
    )


def pytest_configure(config: pytest.Config) -> None:
    from labs.engine.oracle.transcripts import PUBLIC_SEEDS

    given = config.getoption("--lab-seed")
    if given is None and os.environ.get(SEED_ENV, "").isdigit():
        given = int(os.environ[SEED_ENV])
    if given is None:
        fresh = config.getoption("--lab-fresh-seed")
        given = secrets.randbelow(2**32) if fresh else secrets.choice(PUBLIC_SEEDS)
    config.stash[_SEED] = given
    if _in_process(config) and _needs_the_reference(config, given):
        from labs.engine.oracle.reference import ReferenceServer, reference_installed

        if reference_installed():
            config.stash[_SERVER] = ReferenceServer()  # starts now, while pytest collects


def _needs_the_reference(config: pytest.Config, seed: int) -> bool:
    """Whether an oracle check of this run has no transcript of `seed` to replay."""
    from labs.engine.oracle.transcripts import path_of

    for folder in map(Path, config.args):
        if (folder / CHECK_FILE).exists() and not path_of(folder.parent, seed).exists():
            return True
    return False


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the reference's server before the checks' process ends itself."""
    server = config.stash.get(_SERVER, None)
    if server is not None:
        server.stop()  # type: ignore[attr-defined]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the oracle's checks last: by then, a reference server has long started."""
    items.sort(key=lambda item: item.path.name == CHECK_FILE)  # a stable sort keeps the rest


def _in_process(config: pytest.Config) -> bool:
    return bool(config.getoption("--lab-workspace")) and not config.getoption("--lab-url")


def run_seed(config: pytest.Config) -> int | None:
    """This run's seed, once configured."""
    return config.stash.get(_SEED, None)


@pytest.fixture(scope="session")
def reference(pytestconfig: pytest.Config) -> Iterator[object]:
    """The reference's answers beside the app under check (`oracle.reference.Reference`)."""
    from labs.engine.oracle.reference import Reference, ReferenceServer, reference_here

    def start() -> AbstractContextManager[Api]:
        if not _in_process(pytestconfig):
            return reference_here()
        if _SERVER not in pytestconfig.stash:  # not started early: this seed was recorded
            pytestconfig.stash[_SERVER] = ReferenceServer()
        server = pytestconfig.stash[_SERVER]
        assert isinstance(server, ReferenceServer)
        return server.serving()

    source = Reference(start)
    try:
        yield source
    finally:
        source.close()


@pytest.fixture
def oracle_seed(request: pytest.FixtureRequest) -> int:
    """The run's seed, recorded in this check's result."""
    seed = request.config.stash[_SEED]
    request.node.user_properties.append(("seed", seed))
    return seed
