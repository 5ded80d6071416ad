"""The key commands: `new-key`, `rotate-keys` and `retire-key` (see keys.py for the order)."""

import argparse
import asyncio
import os
import sys
from pathlib import Path
from typing import Any

from reference_app.database import Database
from reference_app.encryption.keys import KeyRing, parse_ring
from reference_app.encryption.rotation import DEFAULT_BATCH, Rotation, rotate, uses_of_key
from reference_app.settings import Settings
from reference_app.users.models import User
from reference_app.users.plaintext import seal_plaintext_users

COMMANDS = ("new-key", "rotate-keys", "retire-key")


def add_parsers(commands: "argparse._SubParsersAction[Any]") -> None:
    commands.add_parser(
        "new-key",
        help="put a new encryption key first in the ring kept in the data folder "
        "(with ENCRYPTION_KEYS set: print one to add there)",
    )
    rotate_cmd = commands.add_parser(
        "rotate-keys", help="re-seal personal data under the current key, while the app serves"
    )
    rotate_cmd.add_argument("--batch-size", type=int, default=DEFAULT_BATCH, help="rows a batch")
    retire_cmd = commands.add_parser(
        "retire-key", help="take a key out of the ring once no stored value uses it"
    )
    retire_cmd.add_argument("key_id", help="the id of the key to retire")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "new-key":
        return new_key(settings)
    if args.command == "rotate-keys":
        return asyncio.run(rotate_keys(settings, args.batch_size))
    return asyncio.run(retire_key(settings, args.key_id))


def new_key(settings: Settings) -> int:
    ring = settings.key_ring.with_new_key()
    if settings.encryption_keys is not None:
        print("ENCRYPTION_KEYS is set: add this key to it, second first, then first (keys.py):")
        print(ring.text().split(",")[0])
        return 0
    _write_ring(settings.data_dir / "encryption_keys", ring)
    print(f"Key {ring.current} now seals new values; restart running servers, then rotate-keys.")
    return 0


async def rotate_keys(settings: Settings, batch_size: int) -> int:
    cipher = settings.field_cipher
    database = Database(settings.database_url, cipher=cipher)
    try:
        if sealed := await seal_plaintext_users(database, cipher):
            print(f"Sealed the email and bio of {sealed} users stored in clear.")
        done = await rotate(
            database, User, cipher, batch_size=batch_size, after_batch=_show_progress
        )
    finally:
        await database.dispose()
    print(
        f"Re-sealed {done.resealed} values under {cipher.current_key} in {done.batches} batches"
        f" ({done.raced} changed by requests meanwhile); {done.remaining} still under other keys."
    )
    return 0 if done.remaining == 0 else 1


async def retire_key(settings: Settings, key_id: str) -> int:
    ring = settings.key_ring
    if key_id not in ring.keys:
        print(f"No key {key_id!r} in the ring (it holds {', '.join(ring.keys)}).", file=sys.stderr)
        return 2
    if key_id == ring.current:
        print(f"{key_id} is the key that seals: put another first.", file=sys.stderr)
        return 2
    database = Database(settings.database_url, cipher=settings.field_cipher)
    try:
        used = await uses_of_key(database, User, key_id)
    finally:
        await database.dispose()
    if used:
        print(f"{used} rows still hold values sealed with {key_id}: run rotate-keys first.",
              file=sys.stderr)  # fmt: skip
        return 1
    if settings.encryption_keys is not None:
        print(f"No stored value uses {key_id}: remove it from ENCRYPTION_KEYS.")
        return 0
    _write_ring(settings.data_dir / "encryption_keys", ring.without(key_id))
    print(f"Key {key_id} retired: no stored value used it.")
    return 0


def _write_ring(path: Path, ring: KeyRing) -> None:
    """Replace the kept ring in one step, readable by its owner only."""
    parse_ring(ring.text())  # never write a ring that would not be read back
    draft = path.parent / f".{path.name}.{os.getpid()}"
    draft.touch(mode=0o600)
    draft.write_text(ring.text())
    draft.replace(path)


def _show_progress(done: Rotation) -> None:
    print(f"  batch {done.batches}: {done.resealed} values re-sealed", flush=True)
