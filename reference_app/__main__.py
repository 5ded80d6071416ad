"""Command line: `python -m reference_app serve`, `seed`, `make-migration`, `dev-certificate`, the
keys' commands."""

import argparse
import asyncio
import logging
import os
import sys

import uvicorn
from pydantic import ValidationError

from reference_app import migrations
from reference_app.app import DOCS_PATH
from reference_app.database import Database
from reference_app.dev_certificate import dev_certificate_paths, make_dev_certificate
from reference_app.encryption import commands as key_commands
from reference_app.seed import DEMO_PASSWORD, DEMO_USERS, has_data, seed
from reference_app.serving import LOG_FORMAT, uvicorn_options
from reference_app.settings import Settings
from reference_app.users.plaintext import seal_plaintext_users

logger = logging.getLogger(__name__)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m reference_app", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve_cmd = commands.add_parser(
        "serve", help="serve the API (settings come from the environment)"
    )
    serve_cmd.add_argument("--host", help="address to listen on (default: HOST or 127.0.0.1)")
    serve_cmd.add_argument("--port", type=int, help="port to listen on (default: PORT or 8000)")
    serve_cmd.add_argument("--workers", type=int, help="worker processes (default: WORKERS or 1)")
    serve_cmd.add_argument(
        "--https",
        action="store_true",
        help="serve HTTPS with the development certificate (made if missing)",
    )
    commands.add_parser(
        "dev-certificate", help="make a local CA and a localhost certificate in the data folder"
    )
    seed_cmd = commands.add_parser("seed", help="(re)create the database with demo data")
    seed_cmd.add_argument(
        "--if-empty", action="store_true", help="only when the database holds no users yet"
    )
    make_migration_cmd = commands.add_parser(
        "make-migration",
        help="write the migration that takes the database to the models' schema (from a "
        "scratch database: set DATABASE_URL to one)",
    )
    make_migration_cmd.add_argument("message", help="what it changes, in a few words")
    key_commands.add_parsers(commands)
    args = parser.parse_args(argv)

    try:
        settings = Settings()
    except ValidationError as error:
        print(f"Configuration error:\n{error}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level, format=LOG_FORMAT, stream=sys.stdout)
    if args.command == "seed":
        return asyncio.run(_seed(settings, only_if_empty=args.if_empty))
    if args.command == "make-migration":
        return asyncio.run(_make_migration(settings, args.message))
    if args.command in key_commands.COMMANDS:
        return key_commands.run(args, settings)
    if args.command == "dev-certificate":
        made = make_dev_certificate(settings.data_dir)
        print(f"Certificate {made.certificate} (key {made.key}), signed by {made.ca_certificate}:")
        print("trust that CA in your browser, or pass it to your client (curl --cacert).")
        return 0
    overrides = {k: v for k in ("host", "port", "workers") if (v := getattr(args, k)) is not None}
    if args.https and settings.tls_certfile is None:
        made = dev_certificate_paths(settings.data_dir)
        if not made.certificate.exists():
            made = make_dev_certificate(settings.data_dir)
        overrides |= {"tls_certfile": made.certificate, "tls_keyfile": made.key}
    if overrides:
        try:
            settings = Settings(**overrides)  # validated like the environment's values
        except ValidationError as error:
            print(f"Configuration error:\n{error}", file=sys.stderr)
            return 2
    return serve(settings)


async def _seed(settings: Settings, *, only_if_empty: bool) -> int:
    await prepare_database(settings)
    database = Database(settings.database_url, cipher=settings.field_cipher)
    try:
        if only_if_empty and await has_data(database):
            print("The database already holds data; leaving it as it is.")
            return 0
        await seed(database, settings.bcrypt_rounds)
    finally:
        await database.dispose()
    names = ", ".join(f"{name}@example.org" for name, _ in DEMO_USERS)
    print(f"Demo data created. Sign in as {names} with the password {DEMO_PASSWORD!r}.")
    return 0


def serve(settings: Settings) -> int:
    asyncio.run(prepare_database(settings))
    # Create the dev secret and keys once, before workers race for them.
    settings.signing_key  # noqa: B018
    settings.field_cipher  # noqa: B018
    scheme = "https" if settings.tls_certfile else "http"
    base = f"{scheme}://{settings.host}:{settings.port}"
    print(f"Conduit API on {base}/api   interactive docs on {base}{DOCS_PATH}", flush=True)
    # Each worker reads its settings again: it must know it is one of several (see caching/).
    os.environ["WORKERS"] = str(settings.workers)
    uvicorn.run("reference_app.app:create_app", **uvicorn_options(settings))
    return 0


async def prepare_database(settings: Settings) -> None:
    """The database as this version serves it: users sealed, migrated to the newest revision."""
    database = Database(settings.database_url, cipher=settings.field_cipher)
    try:
        # A database from before encryption at rest: its users table is upgraded and its rows
        # sealed first, since the first migration then adds the indexes the new columns carry.
        if sealed := await seal_plaintext_users(database, settings.field_cipher):
            print(f"Sealed the email and bio of {sealed} users stored in clear.", flush=True)
        before, after = await migrations.upgrade(database)
        if before != after:
            logger.info("database migrated from revision %s to %s", before or "none", after)
    finally:
        await database.dispose()


async def _make_migration(settings: Settings, message: str) -> int:
    database = Database(settings.database_url, cipher=settings.field_cipher)
    try:
        path = await migrations.make_revision(database, message)
    finally:
        await database.dispose()
    print(f"Wrote {path}: read it, then commit it with the models' change.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
