"""schemathesis against the app's own OpenAPI document: no server error, no answer off the schema.

All checks, signed in, a fixed seed, a few cases an operation so that CI stays quick; on
SQLite always, on PostgreSQL and MariaDB when they answer. `python -m loadtests.fuzz` is the
longer run.
"""

import asyncio
import os

import pytest

from loadtests.fuzz import fuzz
from loadtests.serve import reference_server
from tests.conftest import SERVERS, _answers, _ensure_server_database

pytestmark = pytest.mark.slow
MAX_EXAMPLES = 5


def _database_url(backend: str) -> str | None:
    """None for a fresh SQLite database of the server's own."""
    if backend == "sqlite":
        return None
    server_url, address = SERVERS[backend]
    if not _answers(address):
        pytest.skip(f"{backend} does not answer on {address[0]}:{address[1]}")
    name = f"conduit_test_fuzz_{os.getpid()}"
    return asyncio.run(_ensure_server_database(backend, server_url, name))


@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "mariadb"])
def test_fuzzing_finds_no_server_error_and_no_schema_violation(backend: str) -> None:
    url = _database_url(backend)
    with reference_server(settings={"DATABASE_URL": url} if url else {}) as server:
        result = fuzz(server.url, max_examples=MAX_EXAMPLES)
    print(f"{backend}: {result.summary}")
    assert result.cases > 100, result.output[-5000:]
    assert result.failures == [], result.output[-20000:]
