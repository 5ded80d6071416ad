"""A PostgreSQL database and role of its own for each submission graded, dropped after.

    with learner_database("postgresql+asyncpg://postgres@127.0.0.1:5432", folder) as database:
        start_server(folder, sources, database=database)

The learner's app signs in as a role made for it alone: no superuser, no CREATEDB or CREATEROLE,
a few connections, a statement timeout, bounded temporary files, owner of its one database, to
which nobody else may connect. It reaches the server only through a PostgresGate that lets that
role and that database through and nothing else; the checks read the database as that role too,
so that nothing the app defined in it (a view, a function) runs with the grader's rights.
"""

import asyncio
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
from sqlalchemy import text
from sqlalchemy.engine import URL

from graders.labs.database_folder import ServerDatabase
from graders.labs.postgres_gate import PostgresGate
from labs.engine.databases import (
    admin_engine,
    create_database,
    drop_databases,
    new_name,
    server_url,
)

PREFIX = "course_grade"
OURS = re.compile(rf"{PREFIX}_(\d+)_[0-9a-f]+")
SOCKET_FOLDER = Path("/run/postgresql")  # where the app finds the gate's socket
# What one learner's role may use of the server.
LIMITS = {
    "statement_timeout": "10s",
    "idle_in_transaction_session_timeout": "30s",
    "temp_file_limit": "64MB",
    "lock_timeout": "5s",
}
CONNECTION_LIMIT = 12


class GradingDatabaseError(Exception):
    """The server cannot give a learner a database (not PostgreSQL, or it refused)."""


async def _run(server: URL, statements: list[str]) -> None:
    engine = admin_engine(server)
    try:
        async with engine.connect() as connection:
            for statement in statements:
                await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def _make(server: URL, name: str, password: str) -> None:
    await _run(
        server,
        [
            f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB "
            f"NOCREATEROLE NOREPLICATION NOBYPASSRLS CONNECTION LIMIT {CONNECTION_LIMIT}",
            *(f"ALTER ROLE \"{name}\" SET {key} = '{value}'" for key, value in LIMITS.items()),
        ],
    )
    await create_database(server, name, owner=name)
    await _run(server, [f'REVOKE ALL ON DATABASE "{name}" FROM PUBLIC'])


async def _drop(server: URL, names: list[str]) -> None:
    await drop_databases(server, names)
    await _run(server, [f'DROP ROLE IF EXISTS "{name}"' for name in names])


async def _stale(server: URL) -> list[str]:
    """Roles of graders that are gone (killed before they cleaned up), and their databases."""
    engine = admin_engine(server)
    try:
        async with engine.connect() as connection:
            roles = (await connection.scalars(text("SELECT rolname FROM pg_roles"))).all()
    finally:
        await engine.dispose()
    return [r for r in roles if (m := OURS.fullmatch(r)) and not psutil.pid_exists(int(m[1]))]


@contextmanager
def learner_database(url: str, folder: Path, *, trusted: bool = False) -> Iterator[ServerDatabase]:
    """A database and role for one submission, with the gate the app reaches it by (in `folder`).

    Trusted code, not sandboxed, finds the gate's socket where it is; sandboxed, at /run/postgresql.
    """
    server = server_url(url)
    if server.get_backend_name() != "postgresql":
        raise GradingDatabaseError("grading on a database server is done on PostgreSQL only")
    name, password = new_name(PREFIX), secrets.token_hex(16)
    try:
        asyncio.run(_drop(server, asyncio.run(_stale(server))))
        asyncio.run(_make(server, name, password))
    except Exception as error:
        raise GradingDatabaseError(f"PostgreSQL refused a database for grading: {error}") from error
    gate = PostgresGate(
        folder / "postgres", (server.host or "127.0.0.1", server.port or 5432), name, name
    )
    try:
        learner = URL.create("postgresql+asyncpg", username=name, password=password, database=name)
        sockets = gate.folder if trusted else SOCKET_FOLDER
        app = learner.update_query_dict({"host": str(sockets)})
        inside = learner.set(host=server.host, port=server.port)
        yield ServerDatabase(
            app_url=app.render_as_string(hide_password=False),
            inside_url=inside.render_as_string(hide_password=False),
            read_only=() if trusted else ((gate.folder, SOCKET_FOLDER),),
        )
    finally:
        gate.stop()
        asyncio.run(_drop(server, [name]))
