import asyncio
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from labs.engine import CheckFailed, check
from labs.engine.inside import Inside
from labs.engine.plugin import NOT_APPLICABLE
from labs.engine.served import call, served
from labs.lab09_indexing.checks.service import CREATED, MIGRATED

TABLES = ("articles", "article_tags", "favorites", "comments")
Indexes = dict[str, set[tuple[str, tuple[str, ...]]]]  # table -> {(name, columns)}


Rows = Callable[[str], list[dict[str, Any]]]  # the rows a statement selects, by column name


def indexes_of(rows: Rows) -> Indexes:
    """The indexes of the lists' tables that are not keys or unique columns, with their columns,
    as the database `rows` reads says."""
    found: Indexes = {}
    for table in TABLES:
        found[table] = set()
        for index in rows(f"PRAGMA index_list({table})"):
            if index["unique"] or index["origin"] != "c":  # "c": made by CREATE INDEX, not a key
                continue
            quoted = '"' + str(index["name"]).replace('"', '""') + '"'  # a name, never SQL
            columns = rows(f"PRAGMA index_info({quoted})")
            found[table].add((index["name"], tuple(column["name"] for column in columns)))
    return found


def rows_of(path: Path) -> Rows:
    """How to read the SQLite database at `path` in the checks' process."""

    def rows(sql: str) -> list[dict[str, Any]]:
        with sqlite3.connect(path) as connection:
            connection.row_factory = sqlite3.Row
            found = [dict(row) for row in connection.execute(sql)]
        connection.close()
        return found

    return rows


async def _migrated_and_created(folder: Path) -> tuple[str | None, str, Indexes, Indexes]:
    """The revision a new database was migrated to, the newest, and the indexes migrating
    made beside those `create_tables` makes from the models."""
    from conduit import migrations  # type: ignore[import-not-found]
    from conduit.database import Database  # type: ignore[import-not-found]

    migrated = Database(f"sqlite+aiosqlite:///{folder}/{MIGRATED}")
    created = Database(f"sqlite+aiosqlite:///{folder}/{CREATED}")
    try:
        _, reached = await migrations.upgrade(migrated)
        await created.create_tables()
    finally:
        await migrated.dispose()
        await created.dispose()
    made = indexes_of(rows_of(folder / MIGRATED))
    return reached, migrations.head(), made, indexes_of(rows_of(folder / CREATED))


def _served_migrated_and_created(
    socket_path: str, inside: Inside
) -> tuple[Any, Any, Indexes, Indexes]:
    """The same, done by the grader's service in its sandbox: it migrates and creates, the
    checks read both databases' indexes themselves, from the service's folder."""
    answer = call(socket_path, "migrate")
    folder = inside.database_url.rsplit("/", 1)[0]  # the service's database's folder

    def read(name: str) -> Rows:
        return Inside(f"{folder}/{name}", "", "", "").rows

    return answer["reached"], answer["head"], indexes_of(read(MIGRATED)), indexes_of(read(CREATED))


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
        service = served()
        if service is None:
            pytest.skip(NOT_APPLICABLE)  # the app's code runs elsewhere
        reached, head, made, declared = _served_migrated_and_created(*service)
    else:
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
