import asyncio
import tempfile

import pytest

from labs.engine import CheckFailed, check
from labs.engine.plugin import NOT_APPLICABLE
from labs.engine.served import call, served

from .service import used_up_twice


@check(
    points=2,
    task="Rotation",
    rule="course",
    catches=["use_up_without_compare_and_set", "use_up_always_wins"],
    inside=True,
)
def test_two_requests_with_one_token_cannot_both_use_it(pytestconfig: pytest.Config) -> None:
    """Of two requests that read the same unused token, only the first to write uses it up."""
    try:
        if pytestconfig.getoption("--lab-url"):
            service = served()
            if service is None:
                pytest.skip(NOT_APPLICABLE)  # it calls the workspace's function itself
            first, second = call(service[0], "used_up_twice")["results"]
        else:
            with tempfile.TemporaryDirectory(prefix="course-race-") as folder:
                first, second = asyncio.run(used_up_twice(folder))
    except Exception as error:  # any exception: the verdict says which
        first, second = False, f"{type(error).__name__}: {error}"
    if (first, second) != (True, False):
        raise CheckFailed(
            "two database sessions read one unused refresh token; each then calls _use_up on "
            "its copy, one after the other",
            "True for the first, False for the second",
            f"{first!r} and {second!r}",
            "the copy in memory is stale: decide in the database, with one UPDATE ... WHERE "
            "id = :id AND used_at IS NULL, and answer whether it changed a row (rowcount)",
        )
