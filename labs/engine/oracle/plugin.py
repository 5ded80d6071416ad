"""The oracle's part of the checks' pytest run: the seed, and the reference beside the app.

    course check 02 --seed 1234     (pytest: --lab-seed 1234)

Without a seed (nor COURSE_ORACLE_SEED in the environment), each run draws a fresh one; either
way it is written in the result, and a failing oracle check shows it, so that the same
sequences can be replayed exactly.
"""

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from labs.engine.client import Api

CHECK_FILE = "test_behaves_like_reference.py"
SEED_ENV = "COURSE_ORACLE_SEED"  # a seed for every run that is given none (the test suite's)
_SEED = pytest.StashKey[int]()
_SERVER = pytest.StashKey[object]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.getgroup("course checks").addoption(
        "--lab-seed", type=int, help="the seed of the oracle's random sequences (replays a run)"
    )


def pytest_configure(config: pytest.Config) -> None:
    given = config.getoption("--lab-seed")
    if given is None and os.environ.get(SEED_ENV, "").isdigit():
        given = int(os.environ[SEED_ENV])
    config.stash[_SEED] = given if given is not None else secrets.randbelow(2**32)
    if _in_process(config) and any((Path(folder) / CHECK_FILE).exists() for folder in config.args):
        from labs.engine.oracle.reference import ReferenceServer

        config.stash[_SERVER] = ReferenceServer()  # starts now, while pytest collects


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Stop the reference's server before the checks' process ends itself."""
    server = config.stash.get(_SERVER, None)
    if server is not None:
        server.stop()  # type: ignore[attr-defined]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the oracle's checks last: by then, the reference's server has long started."""
    items.sort(key=lambda item: item.path.name == CHECK_FILE)  # a stable sort keeps the rest


def _in_process(config: pytest.Config) -> bool:
    return bool(config.getoption("--lab-workspace")) and not config.getoption("--lab-url")


def run_seed(config: pytest.Config) -> int | None:
    """This run's seed, once configured."""
    return config.stash.get(_SEED, None)


@pytest.fixture(scope="session")
def reference(pytestconfig: pytest.Config) -> Iterator[Api]:
    """The reference app's API, beside the app under check."""
    from labs.engine.oracle.reference import ReferenceServer, reference_here

    if not _in_process(pytestconfig):
        with reference_here() as api:
            yield api
        return
    if _SERVER not in pytestconfig.stash:  # the oracle's check was not found at the start
        pytestconfig.stash[_SERVER] = ReferenceServer()
    server = pytestconfig.stash[_SERVER]
    assert isinstance(server, ReferenceServer)
    yield server.api()


@pytest.fixture
def oracle_seed(request: pytest.FixtureRequest) -> int:
    """The run's seed, recorded in this check's result."""
    seed = request.config.stash[_SEED]
    request.node.user_properties.append(("seed", seed))
    return seed
