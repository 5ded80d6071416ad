"""A second copy of the app, configured with a realistic bcrypt cost, for the checks that time it.

The app under check runs at cost 4, so that registrations stay fast; at that cost a bcrypt check
takes about a millisecond and hides in the noise of a request. The login-timing check and the
configured-cost check need a cost whose work shows: in-process they get this second app, built
from the same workspace at COST on a database of its own. By URL there is no second app: they
get the server as it is, at whatever cost it was configured with.
"""

import asyncio
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from labs.engine.client import Account, Api, Transport
from labs.engine.inside import Inside

COST = 10  # about 60 ms a bcrypt check: the lowest cost still worth deploying
SECRET = "costly-app-secret-that-is-long-enough-for-any-environment"


@dataclass
class CostlyApp:
    """An API and, in-process, its database and the bcrypt cost it was configured with."""

    api: Api
    inside: Inside | None
    cost: int | None
    registered: Account | None = None

    def account(self) -> Account:
        """A user of this app, registered by the first check that asks and shared with the next:
        each registration costs a bcrypt hash at the realistic cost (about 60 ms at 10)."""
        if self.registered is None:
            self.registered = self.api.register()
        return self.registered


@pytest.fixture(scope="session")
def costly(
    pytestconfig: pytest.Config, _target: tuple[Transport, Inside | None]
) -> Iterator[CostlyApp]:
    if pytestconfig.getoption("--lab-url"):
        # By URL, whoever serves the app (the grader) may say its database and bcrypt cost.
        inside = _target[1]
        yield CostlyApp(Api(_target[0]), inside, inside.bcrypt_rounds if inside else None)
        return
    from conduit.app import create_app  # type: ignore[import-not-found]
    from conduit.database import Database  # type: ignore[import-not-found]
    from conduit.settings import Settings  # type: ignore[import-not-found]

    from labs.engine.deadlines import BoundedClient

    with tempfile.TemporaryDirectory(prefix="course-costly-") as folder:
        database_url = f"sqlite+aiosqlite:///{folder}/conduit.db"
        settings = Settings(
            environment="test",
            database_url=database_url,
            data_dir=Path(folder),
            secret_key=SECRET,
            bcrypt_rounds=COST,
        )

        async def create_tables() -> None:
            database = Database(database_url)
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        inside = Inside(database_url, SECRET, settings.token_issuer, settings.token_audience)
        # Each answer is waited for as long as the app under check's: a login that hangs fails.
        with BoundedClient(create_app(settings), raise_server_exceptions=False) as client:
            yield CostlyApp(Api(client), inside, COST)
