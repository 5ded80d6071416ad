"""The keyed checks' database: emptied before each check, its tables kept."""

import sqlite3
from pathlib import Path

from labs.lab06_encryption.checks.keyed import InProcessKeyedApps


def test_emptying_deletes_every_row_of_every_table_and_keeps_the_tables(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / "conduit.db") as connection:
        connection.execute("CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, bio TEXT)")
        connection.execute("CREATE TABLE follows (follower_id INTEGER, followed_id INTEGER)")
        connection.execute("INSERT INTO users (bio) VALUES ('a'), ('b')")
        connection.execute("INSERT INTO follows VALUES (1, 2)")
    apps = InProcessKeyedApps(folder=tmp_path)
    apps.empty()
    assert apps.rows("SELECT * FROM users") == []
    assert apps.rows("SELECT * FROM follows") == []
    apps.write("INSERT INTO users (bio) VALUES ('c')")
    assert [row["bio"] for row in apps.rows("SELECT bio FROM users")] == ["c"]
