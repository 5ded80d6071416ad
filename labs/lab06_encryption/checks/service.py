"""The keyed apps of the checks, served from inside the grader's sandbox (`course grade`).

When grading, the learner's code never runs in the checks' process. The checks that need an
app with keys of their own (`keyed.py`) then ask this service for what they would otherwise
do in-process: start the app with a key ring, send it a request, write a row, call
`open_sealed`, `stale_batch`, `write_changes` or `rotate`. It runs beside the learner's app
in a sandbox of its own, on a database in its own folder, and answers one JSON line per
connection on the socket it is handed. Everything it answers is the learner's code's answer:
the checks judge it, and read the database themselves.

Its `Service` is served by `labs/engine/service_loop.py`, as every lab's is.

It uses the standard library, the learner's package and what that package imports, nothing
of the course's.
"""

import asyncio
import base64
import sqlite3
from pathlib import Path
from typing import Any

# What the checks' client sends by URL: the test client would say "testclient", which code
# that behaves only while it is checked could look for.
USER_AGENT = "python-httpx"


class Service:
    """The state between commands: the app started with its ring, the batches read."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.client: Any = None
        self.batches: dict[int, list[Any]] = {}

    @property
    def database_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.folder}/conduit.db"

    def settings(self, ring: str, index_key: str) -> Any:
        from conduit.settings import Settings

        return Settings(
            environment="production",  # as deployed, like the app the grader serves
            response_cache=False,  # the checks write rows behind its back
            database_url=self.database_url,
            data_dir=self.folder,
            secret_key=base64.urlsafe_b64encode(b"k" * 48).decode(),
            bcrypt_rounds=4,
            encryption_keys=ring,
            blind_index_key=index_key,
        )

    def database(self, ring: str, index_key: str) -> Any:
        from conduit.database import Database

        return Database(self.database_url, cipher=self.settings(ring, index_key).field_cipher)

    def reset(self) -> dict[str, Any]:
        """A fresh, empty database, no app running."""
        from conduit.database import Database

        self.stop()
        self.batches.clear()
        for path in self.folder.glob("conduit.db*"):
            path.unlink()

        async def create_tables() -> None:
            database = Database(self.database_url)
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        return {}

    def start(self, ring: str, index_key: str) -> dict[str, Any]:
        from conduit.app import create_app
        from litestar.testing import TestClient

        self.stop()
        client = TestClient(create_app(self.settings(ring, index_key)), base_url="http://sandbox")
        client.headers["user-agent"] = USER_AGENT
        client.__enter__()
        self.client = client
        return {}

    def stop(self) -> dict[str, Any]:
        if self.client is not None:
            client, self.client = self.client, None
            client.__exit__(None, None, None)
        return {}

    def request(self, method: str, url: str, headers: list[list[str]], body: str) -> dict[str, Any]:
        if self.client is None:
            raise RuntimeError("no app started")
        reply = self.client.request(
            method, url, headers=[tuple(pair) for pair in headers], content=base64.b64decode(body)
        )
        return {
            "status": reply.status_code,
            "headers": [list(pair) for pair in reply.headers.multi_items()],
            "body": base64.b64encode(reply.content).decode(),
        }

    def write(self, sql: str, params: dict[str, Any]) -> dict[str, Any]:
        with sqlite3.connect(self.folder / "conduit.db") as connection:
            connection.execute(sql, params)
        return {}

    def open_sealed(self, keys: dict[str, str], value: str, place: str) -> dict[str, Any]:
        from conduit.encryption.envelope import Undecryptable, open_sealed
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        ring = {key_id: AESGCM(base64.b64decode(key)) for key_id, key in keys.items()}
        try:
            return {"opened": open_sealed(ring, value, place)}
        except Undecryptable:
            return {"raised": "Undecryptable"}
        except Exception as error:  # any other: said by its type and message
            return {"raised": f"{type(error).__name__}: {error}"}

    def stale_batch(self, ring: str, index_key: str, after: int, size: int) -> dict[str, Any]:
        from conduit.encryption.rotation import stale_batch
        from conduit.users.models import User

        async def go() -> tuple[int | None, list[Any]]:
            database = self.database(ring, index_key)
            try:
                return await stale_batch(database, User, database.cipher, after, size)
            finally:
                await database.dispose()

        last, changes = asyncio.run(go())
        handle = len(self.batches) + 1
        self.batches[handle] = changes
        rows = sorted({change.row_id for change in changes})
        return {"after": last, "rows": rows, "values": len(changes), "handle": handle}

    def write_changes(self, ring: str, index_key: str, handle: int) -> dict[str, Any]:
        from conduit.encryption.rotation import write_changes
        from conduit.users.models import User

        async def go() -> Any:
            database = self.database(ring, index_key)
            try:
                return await write_changes(database, User, self.batches[handle])
            finally:
                await database.dispose()

        return {"counts": list(asyncio.run(go()))}

    def rotate(self, ring: str, index_key: str, batch_size: int) -> dict[str, Any]:
        from conduit.encryption.rotation import rotate
        from conduit.users.models import User

        async def go() -> None:
            database = self.database(ring, index_key)
            try:
                await rotate(database, User, database.cipher, batch_size=batch_size)
            finally:
                await database.dispose()

        asyncio.run(go())
        return {}
