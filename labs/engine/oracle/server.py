"""The reference app served on a Unix socket, for the oracle when checks run in-process.

    python -m labs.engine.oracle.server FOLDER

In-process, the checks' process has the learner's `conduit` package loaded, and the reference
cannot be loaded beside it (both declare the same tables on SQLModel's one metadata), so it
answers from this process instead: a fresh SQLite database in FOLDER, the socket
FOLDER/reference.sock. It ends when its standard input closes, so that it never outlives the
checks' process, however that one ends.
"""

import asyncio
import os
import sys
import threading
from pathlib import Path

SOCKET_NAME = "reference.sock"
SECRET = "oracle-reference-secret-that-is-long-enough-for-any-environment"


def _end_with_parent() -> None:
    sys.stdin.buffer.read()  # returns at end of file: the parent has ended or let go
    os._exit(0)


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    threading.Thread(target=_end_with_parent, daemon=True).start()
    import uvicorn

    from reference_app.app import create_app
    from reference_app.database import Database
    from reference_app.settings import Settings

    settings = Settings(
        environment="test",
        database_url=f"sqlite+aiosqlite:///{folder / 'reference.db'}",
        data_dir=folder,
        secret_key=SECRET,
        bcrypt_rounds=4,
        log_level="WARNING",
    )

    async def create_tables() -> None:
        database = Database(settings.database_url)
        await database.create_tables()
        await database.dispose()

    asyncio.run(create_tables())
    uvicorn.run(
        create_app(settings),
        uds=str(folder / SOCKET_NAME),
        log_level="warning",
        access_log=False,
        lifespan="on",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
