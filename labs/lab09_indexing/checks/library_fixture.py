"""The `library` fixture of the checks: the workspace's app on a library of a few hundred
articles (`library.py`), built once per run in-process, once per module when grading.

It lives apart from `library.py` because the speed check's timing processes import that one,
and need not import pytest.
"""

import tempfile
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from labs.lab09_indexing.checks.library import SMALL, Library, library_of, served_library

_SHARED: dict[int, Library] = {}  # the in-process library of each seed, once built


def _shared_library(session: pytest.Session, seed: int) -> Library:
    """The in-process library, built by the first module that needs it and kept for the others
    (which only read it): each build costs an app, its sign-ups and its articles."""
    if seed not in _SHARED:
        stack = ExitStack()
        try:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="course-library-"))
            library = stack.enter_context(
                library_of("conduit", Path(folder), articles=SMALL, seed=seed)
            )
        except BaseException:
            stack.close()  # the next module tries again, and tells its own checks why
            raise

        def forget() -> None:
            _SHARED.pop(seed, None)
            stack.close()

        session.addfinalizer(forget)
        _SHARED[seed] = library
    return _SHARED[seed]


@pytest.fixture(name="library", scope="module")
def small_library(pytestconfig: pytest.Config, request: pytest.FixtureRequest) -> Iterator[Library]:
    """The workspace's app on a library of a few hundred random articles (the run's seed):
    in-process, or, when grading, in the grader's sandbox (its checks service)."""
    from labs.engine.oracle.plugin import run_seed
    from labs.engine.plugin import NOT_APPLICABLE
    from labs.engine.served import served

    seed = run_seed(pytestconfig) or 0
    if pytestconfig.getoption("--lab-url"):
        service = served()
        if service is None:
            pytest.skip(NOT_APPLICABLE)  # the app runs elsewhere: its statements cannot be seen
        # A library per module: the speed check resets the same service between them.
        with served_library(*service, articles=SMALL, seed=seed) as library:
            yield library
        return
    from labs.lab09_indexing.checks.speed import start_early

    start_early(request.session, Path(pytestconfig.getoption("--lab-workspace")))
    yield _shared_library(request.session, seed)
