"""A reference server for the load tests: one per module, since starting one takes a second."""

from collections.abc import Iterator

import pytest

from loadtests.serve import Server, reference_server


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    with reference_server(workers=1) as server:
        yield server
