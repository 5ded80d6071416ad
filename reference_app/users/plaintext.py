"""Users stored before encryption at rest: their table is upgraded and their rows sealed.

`serve` (before the migrations, whose first would index columns an old table lacks, and before it
listens) and `rotate-keys` call `seal_plaintext_users`. On a database made
by this version it finds nothing to do. On an older one it adds the `uid` and `email_index`
columns, lets the email and bio columns hold sealed values (longer than the plaintext), seals
every row still in clear (the ones without a blind index) in batches, then adds the unique
indexes. SQLite keeps deleted bytes in free pages and in its WAL, so it is then vacuumed:
no copy of a plaintext email is left in the file.
"""

import asyncio
import sqlite3

from sqlalchemy import inspect, select, text, update
from sqlalchemy.engine import Connection
from sqlmodel import col

from reference_app.database import BUSY_TIMEOUT_MS, Database
from reference_app.encryption.cipher import FieldCipher
from reference_app.users.models import User, new_row_uid

BATCH = 500


async def seal_plaintext_users(database: Database, cipher: FieldCipher) -> int:
    """Seal the users stored in clear; return how many there were."""
    async with database.engine.begin() as connection:
        if not await connection.run_sync(lambda sync: inspect(sync).has_table("users")):
            return 0  # no database yet: the migrations make it as this version wants it
        await connection.run_sync(_upgrade_table)
    sealed = 0
    email, bio = User.__sealed__["email"], User.__sealed__["bio"]
    while True:
        query = (
            select(col(User.id), col(User.uid), col(User.sealed_email), col(User.sealed_bio))
            .where(col(User.email_index).is_(None))
            .limit(BATCH)
        )
        async with database.session(write=True) as session, session.begin():
            rows = (await session.execute(query)).all()
            for row_id, uid, plain_email, plain_bio in rows:
                uid = uid or new_row_uid()
                await session.execute(
                    update(User)
                    .where(col(User.id) == row_id, col(User.email_index).is_(None))
                    .values(
                        uid=uid,
                        sealed_email=cipher.seal(plain_email, email.place, uid),
                        sealed_bio=cipher.seal(plain_bio or "", bio.place, uid),
                        email_index=cipher.index(email.place, email.normalise(plain_email)),
                    )
                    .execution_options(synchronize_session=False)
                )
        sealed += len(rows)
        if len(rows) < BATCH:
            break
    async with database.engine.begin() as connection:
        await connection.run_sync(_add_unique_indexes)
    path = database.engine.url.database
    if sealed and database.engine.dialect.name == "sqlite" and path not in (None, "", ":memory:"):
        await database.engine.dispose()
        await asyncio.to_thread(_vacuum, path)
    return sealed


def _vacuum(path: str) -> None:
    """Rewrite the file from its live rows, and empty the WAL: old plaintext pages go."""
    connection = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def _upgrade_table(connection: Connection) -> None:
    columns = {column["name"] for column in inspect(connection).get_columns("users")}
    if "email_index" in columns:
        return
    dialect = connection.dialect.name
    connection.execute(text("ALTER TABLE users ADD COLUMN uid VARCHAR(32)"))
    connection.execute(text("ALTER TABLE users ADD COLUMN email_index VARCHAR(64)"))
    if dialect == "sqlite":
        return  # SQLite keeps text of any length; its unique email constraint does no harm
    # The old unique constraint on the plaintext email: sealed values are unique anyway, and
    # MariaDB cannot index a TEXT column whole.
    inspector = inspect(connection)
    found = [*inspector.get_unique_constraints("users"), *inspector.get_indexes("users")]
    on_email = {c["name"] for c in found if c["column_names"] == ["email"] and c["name"]}
    drop = "CONSTRAINT" if dialect == "postgresql" else "INDEX"
    for name in sorted(on_email):
        connection.execute(text(f"ALTER TABLE users DROP {drop} {name}"))
    if dialect == "postgresql":
        connection.execute(
            text("ALTER TABLE users ALTER COLUMN email TYPE TEXT, ALTER COLUMN bio TYPE TEXT")
        )
    else:
        connection.execute(
            text("ALTER TABLE users MODIFY email TEXT NOT NULL, MODIFY bio TEXT NOT NULL")
        )


def _add_unique_indexes(connection: Connection) -> None:
    existing = {index["name"] for index in inspect(connection).get_indexes("users")}
    for column in ("uid", "email_index"):
        if f"ix_users_{column}" not in existing:
            connection.execute(text(f"CREATE UNIQUE INDEX ix_users_{column} ON users ({column})"))
