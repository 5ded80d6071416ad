"""The database's schema, brought up to date by migrations (Alembic), never by `create_all`.

Each change of a table or an index is a revision in `versions/`, applied in order and recorded
in the table `alembic_version`; `serve` and `seed` upgrade to the newest before they start, so an
existing database moves forward with its data. A change to the models comes with its revision:

    python -m reference_app make-migration "add an index on articles.title"

writes one from the difference between the models and a database at the newest revision (read
it before you commit it: Alembic cannot tell a renamed column from a dropped and added one), and
a test fails while the models and the migrations disagree.

A database made before migrations (by `create_all`) has some of the tables but no
`alembic_version`: the first revision makes only the tables and indexes it lacks, so that it
ends at that revision like a new one, and goes on from there like any other.
"""

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from reference_app.database import Database

FOLDER = Path(__file__).resolve().parent
logger = logging.getLogger(__name__)


VERSIONS = FOLDER / "versions"


def _config(connection: Connection | None = None, versions: Path = VERSIONS) -> Config:
    config = Config()
    config.set_main_option("script_location", str(FOLDER))
    config.set_main_option("path_separator", "os")  # one folder, whatever its name holds
    config.set_main_option("version_locations", str(versions))
    config.attributes["connection"] = connection
    return config


def head(versions: Path = VERSIONS) -> str:
    """The newest revision."""
    revision = ScriptDirectory.from_config(_config(versions=versions)).get_current_head()
    if revision is None:
        raise RuntimeError(f"no migration in {versions}")
    return revision


def _current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _upgrade(connection: Connection, target: str, versions: Path) -> None:
    command.upgrade(_config(connection, versions), target)


def _steps(before: str | None, target: str, versions: Path) -> list[str]:
    """The revisions from `before` (excluded) to `target`, in the order they apply."""
    script = ScriptDirectory.from_config(_config(versions=versions))
    found = script.iterate_revisions(target, before or "base")
    return [revision.revision for revision in reversed(list(found)) if revision is not None]


async def upgrade(
    database: Database, target: str = "head", *, versions: Path = VERSIONS
) -> tuple[str | None, str | None]:
    """Migrate the database to `target` (the newest by default): its revisions before and after.

    A database made before migrations has no revision: the first one makes only what it lacks.
    Each revision applies in a transaction of its own, and one that is not written yet (a lab's
    TODO, which raises NotImplementedError) stops the upgrade at the revision before it: the
    database keeps working as that revision made it, and moves on once it is written.
    """
    reached = await current_revision(database)
    before = reached
    for step in _steps(before, target, versions):
        try:
            async with database.engine.begin() as connection:
                await connection.run_sync(_upgrade, step, versions)
        except NotImplementedError as error:
            logger.warning("revision %s not written yet (%s): stopped at %s", step, error, reached)
            break
        reached = step
    return before, reached


async def current_revision(database: Database) -> str | None:
    async with database.engine.connect() as connection:
        return await connection.run_sync(_current)


def _write_revision(connection: Connection, message: str, versions: Path) -> Path:
    number = f"{int(head(versions)) + 1:04d}"  # revisions are numbered, in the order they apply
    script = command.revision(
        _config(connection, versions), message=message, autogenerate=True, rev_id=number
    )
    if script is None or isinstance(script, list):
        raise RuntimeError("Alembic wrote no single revision")
    return Path(script.path)


async def make_revision(database: Database, message: str, *, versions: Path = VERSIONS) -> Path:
    """Write the revision that takes a database at the newest revision to the models' schema;
    its path. `database` is brought to the newest revision first (use a scratch one)."""
    await upgrade(database, versions=versions)
    async with database.engine.begin() as connection:
        return await connection.run_sync(_write_revision, message, versions)
