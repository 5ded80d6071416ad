"""Apps of the checks' own, with keys the checks choose, on a database the checks may change.

The app under check keeps its keys to itself. To see that a value sealed with the current key
says so, that a flipped byte or a value moved to another row is refused, and that a rotation
re-seals every row, the checks build the workspace's app again, with a key ring they know
(`k7`, later `k8` first), on a SQLite database of their own that they edit with plain SQL, and
call the workspace's `open_sealed` and rotation themselves. In-process (`course check`) all of
this runs in the checks' own process, on one database for the whole run, emptied before each
check (each starts with no one's rows, as on a database of its own), and each key ring's app is
built once and kept: building an app costs more than most checks (0.1-0.2 s). When grading,
the learner's code runs only in the grader's sandbox: there the grader serves `service.py`
beside the app, which does the same on the checks' behalf, while the checks read its database
themselves. By a URL of someone else's there is no such app: these checks are not applicable
there.

The check modules import the `keyed` fixture (`keyed_apps`) and the run's database it takes
(`keyed_database`) from here: a conftest.py would share its module name, `checks.conftest`, with
other labs' when every lab's checks run together.
"""

import asyncio
import base64
import secrets
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from labs.engine.client import Api
from labs.engine.inside import Inside
from labs.engine.plugin import NOT_APPLICABLE
from labs.engine.served import ServiceTransport, call, served

SECRET = "keyed-app-secret-that-is-long-enough-for-any-environment"
OLD, NEW = "k7", "k8"  # not "k1": a key id written into the code is seen


def _key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip("=")


@dataclass(frozen=True)
class Opening:
    """What `open_sealed` did with a value: the text it opened, or what it raised."""

    opened: str | None = None
    raised: str | None = None  # "Undecryptable", or another exception's type and message

    def __str__(self) -> str:
        return repr(self.opened) if self.raised is None else self.raised


@dataclass(frozen=True)
class Batch:
    """What one `stale_batch` read: the last row id (None when done), its rows and changes."""

    after: int | None
    rows: list[int]
    values: int  # how many values it re-sealed
    changes: Any  # handed back to `write_changes`


@dataclass
class KeyedApps:
    """A database of the checks' own, and the workspace's app over it with chosen key rings."""

    keys: dict[str, str] = field(default_factory=lambda: {OLD: _key(), NEW: _key()})
    index_key: str = field(default_factory=_key)

    def ring(self, *key_ids: str) -> str:
        """The ring of these keys, the first one sealing (`ENCRYPTION_KEYS`)."""
        return ",".join(f"{key_id}:{self.keys[key_id]}" for key_id in key_ids)

    def user(self, username: str) -> dict[str, Any]:
        """The user's row as stored: `email` and `bio` hold sealed values."""
        found = self.rows("SELECT * FROM users WHERE username = :name", name=username)
        return found[0] if found else {}

    @contextmanager
    def app(self, *key_ids: str) -> Iterator[Api]:
        """The workspace's app over this database, with this key ring."""
        raise NotImplementedError
        yield

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        raise NotImplementedError

    def write(self, sql: str, **params: Any) -> None:
        raise NotImplementedError

    def open_sealed(self, keys: dict[str, bytes], sealed: str, place: str) -> Opening:
        """The workspace's `open_sealed(keys, sealed, place)`, each key given as its bytes."""
        raise NotImplementedError

    def stale_batch(self, ring: tuple[str, ...], after: int, size: int) -> Batch:
        """The workspace's `stale_batch` on this database, with this key ring."""
        raise NotImplementedError

    def write_changes(self, ring: tuple[str, ...], batch: Batch) -> tuple[int, int]:
        """The workspace's `write_changes` of a batch: (written, raced)."""
        raise NotImplementedError

    def rotate(self, ring: tuple[str, ...], batch_size: int) -> None:
        """The workspace's `rotate` on this database, run to its end."""
        raise NotImplementedError


@dataclass
class InProcessKeyedApps(KeyedApps):
    """The keyed apps in the checks' own process (`course check`), in a folder of theirs.

    Each key ring's app is built on first use and kept until the run ends (`close`).
    """

    folder: Path = Path()
    apps: dict[tuple[str, ...], Api] = field(default_factory=dict)
    running: ExitStack = field(default_factory=ExitStack)

    @property
    def database_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.folder}/conduit.db"

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
        if key_ids not in self.apps:
            from conduit.app import create_app  # type: ignore[import-not-found]

            from labs.engine.deadlines import BoundedClient

            client = BoundedClient(
                create_app(self.settings(*key_ids)), raise_server_exceptions=False
            )
            self.apps[key_ids] = Api(self.running.enter_context(client))
        yield self.apps[key_ids]

    def empty(self) -> None:
        """Delete every table's rows: the next check finds no one's data, as in a new database."""
        with sqlite3.connect(self.folder / "conduit.db") as connection:
            tables = connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            ).fetchall()
            for (table,) in tables:
                connection.execute(f'DELETE FROM "{table}"')  # noqa: S608 - names the schema's

    def close(self) -> None:
        """Stop every app built."""
        self.apps.clear()
        self.running.close()

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        with sqlite3.connect(self.folder / "conduit.db") as connection:
            connection.row_factory = sqlite3.Row
            return [dict(row) for row in connection.execute(sql, params)]

    def write(self, sql: str, **params: Any) -> None:
        with sqlite3.connect(self.folder / "conduit.db") as connection:
            connection.execute(sql, params)

    def open_sealed(self, keys: dict[str, bytes], sealed: str, place: str) -> Opening:
        from conduit.encryption.envelope import (  # type: ignore[import-not-found]
            Undecryptable,
            open_sealed,
        )
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        ring = {key_id: AESGCM(key) for key_id, key in keys.items()}
        try:
            return Opening(opened=open_sealed(ring, sealed, place))
        except Undecryptable:
            return Opening(raised="Undecryptable")
        except Exception as error:  # any other exception: the verdict says which
            return Opening(raised=f"{type(error).__name__}: {error}")

    def _with_database(self, ring: tuple[str, ...], call: Any) -> Any:
        """Run `call(database, User)`, a coroutine, on the workspace's `Database` with `ring`."""
        from conduit.database import Database  # type: ignore[import-not-found]
        from conduit.users.models import User  # type: ignore[import-not-found]

        async def go() -> Any:
            database = Database(self.database_url, cipher=self.settings(*ring).field_cipher)
            try:
                return await call(database, User)
            finally:
                await database.dispose()

        return asyncio.run(go())

    def stale_batch(self, ring: tuple[str, ...], after: int, size: int) -> Batch:
        from conduit.encryption.rotation import stale_batch  # type: ignore[import-not-found]

        last, changes = self._with_database(
            ring, lambda database, user: stale_batch(database, user, database.cipher, after, size)
        )
        return Batch(last, sorted({change.row_id for change in changes}), len(changes), changes)

    def write_changes(self, ring: tuple[str, ...], batch: Batch) -> tuple[int, int]:
        from conduit.encryption.rotation import write_changes  # type: ignore[import-not-found]

        counts = self._with_database(
            ring, lambda database, user: write_changes(database, user, batch.changes)
        )
        return tuple(counts)  # type: ignore[return-value]

    def rotate(self, ring: tuple[str, ...], batch_size: int) -> None:
        from conduit.encryption.rotation import rotate  # type: ignore[import-not-found]

        self._with_database(
            ring,
            lambda database, user: rotate(database, user, database.cipher, batch_size=batch_size),
        )


@dataclass
class ServedKeyedApps(KeyedApps):
    """The keyed apps served in the grader's sandbox (`service.py`), reached by its socket."""

    socket_path: str = ""
    # The service's database, read by the checks themselves (defensively: see Inside).
    database: Inside = field(default_factory=lambda: Inside("", "", "", ""))

    def call(self, operation: str, **arguments: Any) -> Any:
        """One command to the service, and its answer."""
        return call(self.socket_path, operation, **arguments)

    @contextmanager
    def app(self, *key_ids: str) -> Iterator[Api]:
        self.call("start", ring=self.ring(*key_ids), index_key=self.index_key)
        try:
            transport = ServiceTransport(self.socket_path)
            with httpx.Client(base_url="http://sandbox", transport=transport) as client:
                yield Api(client)
        finally:
            self.call("stop")

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        return self.database.rows(sql, **params)

    def write(self, sql: str, **params: Any) -> None:
        self.call("write", sql=sql, params=params)

    def open_sealed(self, keys: dict[str, bytes], sealed: str, place: str) -> Opening:
        given = {key_id: base64.b64encode(key).decode() for key_id, key in keys.items()}
        answer = self.call("open_sealed", keys=given, value=sealed, place=place)
        return Opening(opened=answer.get("opened"), raised=answer.get("raised"))

    def stale_batch(self, ring: tuple[str, ...], after: int, size: int) -> Batch:
        answer = self.call(
            "stale_batch", ring=self.ring(*ring), index_key=self.index_key, after=after, size=size
        )
        rows = [int(row) for row in answer["rows"]]
        return Batch(answer["after"], rows, int(answer["values"]), answer["handle"])

    def write_changes(self, ring: tuple[str, ...], batch: Batch) -> tuple[int, int]:
        answer = self.call(
            "write_changes", ring=self.ring(*ring), index_key=self.index_key, handle=batch.changes
        )
        return tuple(answer["counts"])  # type: ignore[return-value]

    def rotate(self, ring: tuple[str, ...], batch_size: int) -> None:
        self.call("rotate", ring=self.ring(*ring), index_key=self.index_key, batch_size=batch_size)


class _Shared:
    """The run's in-process keyed apps, and how many modules' `keyed_database` hold them."""

    def __init__(self) -> None:
        self.apps: InProcessKeyedApps | None = None
        self.folder: tempfile.TemporaryDirectory[str] | None = None
        self.holders = 0


_SHARED = pytest.StashKey[_Shared]()


@pytest.fixture(scope="session")
def keyed_database(pytestconfig: pytest.Config) -> Iterator[InProcessKeyedApps | None]:
    """In-process, the run's one keyed database and its apps (None by URL).

    Each check module that imports this fixture gets a session fixture of its own: the first
    to run makes the database, the last to finish (when the run ends) stops its apps.
    """
    if pytestconfig.getoption("--lab-url"):
        yield None
        return
    shared = pytestconfig.stash.setdefault(_SHARED, _Shared())
    if shared.apps is None:
        from conduit.database import Database  # type: ignore[import-not-found]

        made = tempfile.TemporaryDirectory(prefix="course-keyed-")
        apps = InProcessKeyedApps(folder=Path(made.name))

        async def create_tables() -> None:
            database = Database(apps.database_url)
            await database.create_tables()
            await database.dispose()

        try:
            asyncio.run(create_tables())
        except BaseException:
            made.cleanup()  # each module's checks then fail on the same error, told by pytest
            raise
        shared.apps, shared.folder = apps, made
    apps, folder = shared.apps, shared.folder
    shared.holders += 1
    try:
        yield apps
    finally:
        shared.holders -= 1
        if shared.holders == 0:
            apps.close()
            if folder is not None:
                folder.cleanup()
            shared.apps, shared.folder = None, None


@pytest.fixture(name="keyed")
def keyed_apps(
    pytestconfig: pytest.Config, keyed_database: InProcessKeyedApps | None
) -> Iterator[KeyedApps]:
    if keyed_database is not None:
        keyed_database.empty()
        yield keyed_database
        return
    service = served()
    if service is None:
        pytest.skip(NOT_APPLICABLE)  # the app's code runs elsewhere, with keys of its own
    apps = ServedKeyedApps(socket_path=service[0], database=service[1])
    apps.call("reset")
    try:
        yield apps
    finally:
        apps.call("stop")
