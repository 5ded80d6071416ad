"""Inside: checks read the app's database with SQL, on every database, and never trust it."""

import os
import sqlite3
from pathlib import Path

import pytest

from labs.engine import inside as inside_module
from labs.engine.inside import Inside, InsideError

SECRET = "a-secret-for-these-tests-only-long-enough"


def _sqlite(tmp_path: Path) -> Inside:
    database = tmp_path / "app.db"
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT)")
        connection.executemany("INSERT INTO users (username) VALUES (?)", [("ann",), ("bob",)])
    return Inside(f"sqlite+aiosqlite:///{database}", SECRET, "conduit", "conduit-api")


def test_rows_and_scalar_read_what_the_app_stored(tmp_path: Path) -> None:
    inside = _sqlite(tmp_path)
    rows = inside.rows("SELECT id, username FROM users ORDER BY id")
    assert rows == [{"id": 1, "username": "ann"}, {"id": 2, "username": "bob"}]
    assert inside.scalar("SELECT id FROM users WHERE username = :name", name="bob") == 2
    assert inside.scalar("SELECT id FROM users WHERE username = :name", name="eve") is None


def test_what_an_open_write_ahead_log_holds_is_read_too(tmp_path: Path) -> None:
    inside = _sqlite(tmp_path)
    writer = sqlite3.connect(tmp_path / "app.db")  # kept open: its log is not checkpointed
    writer.execute("PRAGMA wal_autocheckpoint=0")
    writer.execute("INSERT INTO users (username) VALUES ('cy')")
    writer.commit()
    try:
        assert (tmp_path / "app.db-wal").stat().st_size > 0
        assert inside.scalar("SELECT count(*) FROM users") == 3
    finally:
        writer.close()


def test_the_signing_key_is_not_in_its_repr(tmp_path: Path) -> None:
    assert SECRET not in repr(_sqlite(tmp_path))


def test_a_database_swapped_for_a_link_is_not_followed(tmp_path: Path) -> None:
    inside = _sqlite(tmp_path)
    os.replace(tmp_path / "app.db", tmp_path / "elsewhere.db")
    (tmp_path / "app.db").symlink_to(tmp_path / "elsewhere.db")
    with pytest.raises(InsideError, match="cannot be read"):
        inside.rows("SELECT * FROM users")


def test_a_missing_or_oversized_database_is_said_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inside = _sqlite(tmp_path)
    monkeypatch.setattr(inside_module, "MAX_SQLITE_BYTES", 100)
    with pytest.raises(InsideError, match="over 100 bytes"):
        inside.rows("SELECT * FROM users")
    missing = Inside(f"sqlite:///{tmp_path / 'none.db'}", SECRET, "conduit", "conduit-api")
    with pytest.raises(InsideError, match="does not exist"):
        missing.rows("SELECT 1")


def test_a_query_that_would_never_end_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An app may define `users` as a view that never ends: the read stops, it does not hang."""
    database = tmp_path / "app.db"
    with sqlite3.connect(database) as connection:
        connection.execute(
            "CREATE VIEW users AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
            "SELECT i AS username FROM n"
        )
    monkeypatch.setattr(inside_module, "QUERY_SECONDS", 0.2)
    hostile = Inside(f"sqlite:///{database}", SECRET, "conduit", "conduit-api")
    with pytest.raises(InsideError, match="interrupted"):
        hostile.rows("SELECT count(*) FROM users")


def test_a_server_database_is_read_with_the_same_sql(database_url: str) -> None:
    """On PostgreSQL and MariaDB when they answer (the suite's `database_url` makes one)."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite is read above")
    inside = Inside(database_url, SECRET, "conduit", "conduit-api")
    assert inside.scalar("SELECT :n + 1", n=41) == 42
    with pytest.raises(InsideError, match=r"does not exist|doesn.t exist"):
        inside.rows("SELECT * FROM no_such_table")
