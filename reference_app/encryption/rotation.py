"""Key rotation: re-seal stored values under the current key, in batches, while the app serves.

Nothing is locked for long: each batch reads its rows, seals the new values outside any
transaction, then writes each one only if the row still holds the value that was read
(compare-and-set). A row a request changed in between already holds a value sealed with the
current key (every server seals with it: see keys.py for the order of deployment), so
losing that race loses nothing; a later pass picks up whatever is left.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select, update
from sqlalchemy.orm import InstrumentedAttribute

from reference_app.database import Database
from reference_app.encryption.cipher import FieldCipher
from reference_app.encryption.envelope import VERSION
from reference_app.encryption.orm import SealedRow

DEFAULT_BATCH = 500
MAX_PASSES = 5


@dataclass
class Rotation:
    """What a rotation did."""

    resealed: int = 0  # values re-sealed under the current key
    raced: int = 0  # values a request changed first (and sealed with the current key)
    batches: int = 0
    remaining: int = 0  # values still under another key when it stopped


def _columns(model: type[SealedRow]) -> list[tuple[str, InstrumentedAttribute[str]]]:
    """(place, mapped column) for each sealed field of `model`."""
    return [(field.place, getattr(model, field.attribute)) for field in model.__sealed__.values()]


def _sealed_with(column: InstrumentedAttribute[str], key_id: str) -> ColumnElement[bool]:
    return column.startswith(f"{VERSION}.{key_id}.", autoescape=True)


async def uses_of_other_keys(database: Database, model: type[SealedRow], current: str) -> int:
    """How many rows hold a value sealed with a key other than `current`."""
    stale = or_(*(~_sealed_with(column, current) for _, column in _columns(model)))
    async with database.session(write=False) as session:
        return int((await session.execute(select(func.count()).where(stale))).scalar_one())


async def uses_of_key(database: Database, model: type[SealedRow], key_id: str) -> int:
    """How many rows hold a value sealed with `key_id`."""
    used = or_(*(_sealed_with(column, key_id) for _, column in _columns(model)))
    async with database.session(write=False) as session:
        return int((await session.execute(select(func.count()).where(used))).scalar_one())


@dataclass(frozen=True)
class Change:
    """A value to re-seal: written only if its row still holds `old`."""

    row_id: int
    column: InstrumentedAttribute[str]
    old: str
    new: str


async def stale_batch(
    database: Database, model: type[SealedRow], cipher: FieldCipher, after_id: int, size: int
) -> tuple[int | None, list[Change]]:
    """The next `size` rows past `after_id` holding values of other keys, re-sealed in memory.

    Returns the last row id read (None when there is none left) and the changes to write.
    """
    # --- lab 06: stale_batch ---
    columns = _columns(model)
    row_id, uid = getattr(model, "id"), getattr(model, "uid")  # noqa: B009
    stale = or_(*(~_sealed_with(column, cipher.current_key) for _, column in columns))
    query = (
        select(row_id, uid, *(column for _, column in columns))
        .where(stale, row_id > after_id)
        .order_by(row_id)
        .limit(size)
    )
    async with database.session(write=False) as session:
        rows = (await session.execute(query)).all()
    changes = []
    for row in rows:
        for (place, column), old in zip(columns, row[2:], strict=True):
            if not cipher.is_current(old):
                new = cipher.seal(cipher.open(old, place, row[1]), place, row[1])
                changes.append(Change(row[0], column, old, new))
    return (rows[-1][0] if rows else None), changes
    # --- end lab 06: stale_batch ---


async def write_changes(
    database: Database, model: type[SealedRow], changes: list[Change]
) -> tuple[int, int]:
    """Write each change whose row still holds the old value: (written, raced)."""
    # --- lab 06: write_changes ---
    written = 0
    row_id = getattr(model, "id")  # noqa: B009
    async with database.session(write=True) as session, session.begin():
        for change in changes:
            result = await session.execute(
                update(model)
                .where(row_id == change.row_id, change.column == change.old)
                .values({change.column.key: change.new})
                .execution_options(synchronize_session=False)
            )
            written += result.rowcount  # type: ignore[attr-defined]
    return written, len(changes) - written
    # --- end lab 06: write_changes ---


async def rotate(
    database: Database,
    model: type[SealedRow],
    cipher: FieldCipher,
    *,
    batch_size: int = DEFAULT_BATCH,
    after_batch: Callable[[Rotation], object] | None = None,
) -> Rotation:
    """Re-seal every value of `model` that the current key did not seal.

    `after_batch`, called (and awaited, if it returns an awaitable) after each batch, shows
    progress; passes repeat until one finds nothing left, `MAX_PASSES` at most.
    """
    done = Rotation()
    for _ in range(MAX_PASSES):
        after_id: int | None = 0
        found = False
        while after_id is not None:
            after_id, changes = await stale_batch(database, model, cipher, after_id, batch_size)
            if after_id is None:
                break
            found = True
            written, raced = await write_changes(database, model, changes)
            done.resealed += written
            done.raced += raced
            done.batches += 1
            if after_batch is not None and inspect.isawaitable(shown := after_batch(done)):
                await shown
        if not found:
            break
    done.remaining = await uses_of_other_keys(database, model, cipher.current_key)
    return done
