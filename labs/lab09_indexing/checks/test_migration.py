import asyncio
import sqlite3
import tempfile
from pathlib import Path

import pytest

from labs.engine import CheckFailed, check
from labs.engine.plugin import NOT_APPLICABLE

TABLES = ("articles", "article_tags", "favorites", "comments")
Indexes = dict[str, set[tuple[str, tuple[str, ...]]]]  # table -> {(name, columns)}


def indexes_of(path: Path) -> Indexes:
    """The indexes of the lists' tables that are not keys or unique columns, with their columns."""
    found: Indexes = {}
    with sqlite3.connect(path) as connection:
        for table in TABLES:
            found[table] = set()
            for _, name, unique, origin, *_ in connection.execute(f"PRAGMA index_list({table})"):
                if unique or origin != "c":  # "c": made by CREATE INDEX, not by a key
                    continue
                columns = connection.execute(f"PRAGMA index_info({name})").fetchall()
                found[table].add((name, tuple(column[2] for column in columns)))
    connection.close()
    return found


async def _migrated_and_created(folder: Path) -> tuple[str | None, str, Indexes, Indexes]:
    """The revision a new database was migrated to, the newest, and the indexes migrating
    made beside those `create_tables` makes from the models."""
    from conduit import migrations  # type: ignore[import-not-found]
    from conduit.database import Database  # type: ignore[import-not-found]

    migrated = Database(f"sqlite+aiosqlite:///{folder}/migrated.db")
    created = Database(f"sqlite+aiosqlite:///{folder}/created.db")
    try:
        _, reached = await migrations.upgrade(migrated)
        await created.create_tables()
    finally:
        await migrated.dispose()
        await created.dispose()
    made = indexes_of(folder / "migrated.db")
    return reached, migrations.head(), made, indexes_of(folder / "created.db")


def _listed(indexes: set[tuple[str, tuple[str, ...]]]) -> str:
    return (
        ", ".join(f"{name} ({', '.join(columns)})" for name, columns in sorted(indexes)) or "none"
    )


@check(
    points=2,
    task="Migration",
    rule="course",
    catches=["migration_forgets_comments", "indexes_only_in_the_models"],
    inside=True,
)
def test_migrating_a_database_gives_it_the_indexes_of_the_models(
    pytestconfig: pytest.Config,
) -> None:
    """Migrating a new database to the newest revision gives it exactly the indexes the models
    declare."""
    if pytestconfig.getoption("--lab-url"):
        pytest.skip(NOT_APPLICABLE)  # the app's code runs elsewhere
    with tempfile.TemporaryDirectory(prefix="course-migration-") as folder:
        reached, head, made, declared = asyncio.run(_migrated_and_created(Path(folder)))
    sent = "migrations.upgrade() on a new SQLite database, beside create_tables() on another"
    if reached != head:
        raise CheckFailed(
            sent,
            f"the upgrade reaches the newest revision, {head}",
            f"it stopped at {reached} (a revision after it raised NotImplementedError)",
            "write the body of upgrade() in migrations/versions/0002_list_indexes.py",
        )
    for table in TABLES:
        if made[table] != declared[table]:
            raise CheckFailed(
                sent,
                f"the indexes of {table} the models declare: {_listed(declared[table])}",
                f"migrating made: {_listed(made[table])}",
                "the migration must make each index the models declare, with the same name and "
                "columns: a database that exists gets its indexes only from a migration",
            )
