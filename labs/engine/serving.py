"""`course serve`: the learner's own app, reloaded when they save, on a port of its own."""

import sys

# The reference serves on 8000 by default: the learner's app beside it, to compare the two.
DEFAULT_PORT = 8001
# Run in the workspace: the tables the app needs, as the reference's `serve` makes them.
CREATE_TABLES = """
import asyncio
from conduit.database import Database
from conduit.settings import Settings

async def create_tables():
    database = Database(Settings().database_url)
    await database.create_tables()
    await database.dispose()

asyncio.run(create_tables())
"""


def prepare_command(*, demo_data: bool) -> list[str]:
    """The tables, and with `demo_data` the demo users and articles when the database is empty."""
    if demo_data:
        return [sys.executable, "-m", "conduit", "seed", "--if-empty"]
    return [sys.executable, "-c", CREATE_TABLES]


def serve_command(host: str, port: int, *, reload: bool) -> list[str]:
    """uvicorn on the workspace's app factory; with `reload`, restarted when a file changes."""
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "conduit.app:create_app",
        "--host", host, "--port", str(port),
    ]  # fmt: skip
    if reload:
        command += ["--reload", "--reload-dir", "conduit"]
    return command
