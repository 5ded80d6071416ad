"""Apps of the checks' own, with keys the checks choose, on a database the checks may change.

The app under check keeps its keys to itself. To see that a value sealed with the current key
says so, that a flipped byte or a value moved to another row is refused, and that a rotation
re-seals every row, the checks build the workspace's app again in-process, with a key ring
they know (`k7`, later `k8` first), on a SQLite database of their own that they edit with
plain SQL. By URL there is no such app: these checks are not applicable there.

The check modules import the `keyed` fixture (`keyed_apps`) from here: a conftest.py would
share its module name, `checks.conftest`, with other labs' when every lab's checks run together.
"""

import asyncio
import base64
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from labs.engine.client import Api
from labs.engine.plugin import NOT_APPLICABLE

SECRET = "keyed-app-secret-that-is-long-enough-for-any-environment"
OLD, NEW = "k7", "k8"  # not "k1": a key id written into the code is seen


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


@dataclass
class KeyedApps:
    """A database of the checks' own, and the workspace's app over it with chosen key rings."""

    folder: Path
    keys: dict[str, str] = field(default_factory=lambda: {OLD: _key(), NEW: _key()})
    index_key: str = field(default_factory=_key)

    @property
    def database_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.folder}/conduit.db"

    def ring(self, *key_ids: str) -> str:
        """The ring of these keys, the first one sealing (`ENCRYPTION_KEYS`)."""
        return ",".join(f"{key_id}:{self.keys[key_id]}" for key_id in key_ids)

    def settings(self, *key_ids: str) -> Any:
        from conduit.settings import Settings  # type: ignore[import-not-found]

        return Settings(
            environment="test",
            database_url=self.database_url,
            data_dir=self.folder,
            secret_key=SECRET,
            bcrypt_rounds=4,
            encryption_keys=self.ring(*key_ids),
            blind_index_key=self.index_key,
        )

    @contextmanager
    def app(self, *key_ids: str) -> Iterator[Api]:
        """The workspace's app over this database, with this key ring."""
        from conduit.app import create_app  # type: ignore[import-not-found]

        from labs.engine.deadlines import BoundedClient

        with BoundedClient(create_app(self.settings(*key_ids)), raise_server_exceptions=False) as c:
            yield Api(c)

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        with sqlite3.connect(self.folder / "conduit.db") as connection:
            connection.row_factory = sqlite3.Row
            return [dict(row) for row in connection.execute(sql, params)]

    def user(self, username: str) -> dict[str, Any]:
        """The user's row as stored: `email` and `bio` hold sealed values."""
        found = self.rows("SELECT * FROM users WHERE username = :name", name=username)
        return found[0] if found else {}

    def write(self, sql: str, **params: Any) -> None:
        with sqlite3.connect(self.folder / "conduit.db") as connection:
            connection.execute(sql, params)

    def database(self, *key_ids: str) -> Any:
        """The workspace's `Database` over this database, sealing with these keys."""
        from conduit.database import Database  # type: ignore[import-not-found]

        return Database(self.database_url, cipher=self.settings(*key_ids).field_cipher)


def run(coroutine: Any) -> Any:
    """Run one of the workspace's coroutines (a rotation) to its end."""
    return asyncio.run(coroutine)


@pytest.fixture(name="keyed")
def keyed_apps(pytestconfig: pytest.Config) -> Iterator[KeyedApps]:
    if pytestconfig.getoption("--lab-url"):
        pytest.skip(NOT_APPLICABLE)  # the app's code runs elsewhere, with keys of its own
    from conduit.database import Database

    with tempfile.TemporaryDirectory(prefix="course-keyed-") as folder:
        apps = KeyedApps(Path(folder))

        async def create_tables() -> None:
            database = Database(apps.database_url)
            await database.create_tables()
            await database.dispose()

        run(create_tables())
        yield apps
