"""Fresh databases on PostgreSQL and MariaDB for one run of checks: made, named apart, dropped."""

import asyncio
import os

import pytest
from sqlalchemy import make_url

from labs.engine import databases
from labs.engine.databases import DatabaseServerError, fresh_database, server_url
from tests.conftest import SERVERS, _answers


def _names(url: str) -> list[str]:
    return asyncio.run(databases._names(server_url(url)))


@pytest.fixture(params=sorted(SERVERS))
def server(request: pytest.FixtureRequest) -> str:
    url, address = SERVERS[request.param]
    if not _answers(address):
        pytest.skip(f"{request.param} does not answer on {address[0]}:{address[1]}")
    return url


def test_a_fresh_database_is_made_for_the_run_and_dropped_after(server: str) -> None:
    with fresh_database(server) as url, fresh_database(server) as other:
        name = make_url(url).database
        assert name
        assert name.startswith(f"course_check_{os.getpid()}_")
        assert make_url(other).database != name  # two runs at once never meet
        assert name in _names(server)
    assert name not in _names(server)


def test_databases_of_runs_that_are_gone_are_dropped(server: str) -> None:
    gone = 2**22 + 1  # above any pid this machine hands out (pid_max is at most 2**22)
    stale = f"course_check_{gone}_0badcafe"
    asyncio.run(databases.create_database(server_url(server), stale))
    with fresh_database(server):
        assert stale not in _names(server)


def test_a_url_that_is_no_database_server_is_refused() -> None:
    with pytest.raises(DatabaseServerError, match="not a database server"):
        server_url("sqlite+aiosqlite:///conduit.db")
