"""What decrypting personal data costs a profile read and an article read, side by side.

    python -m loadtests.bench_encryption                 # 6 rounds of 200 requests a cell
    python -m loadtests.bench_encryption --rounds 4 --requests 100

The reference app runs in this process on a SQLite file, with authors whose bios are stored
sealed (AES-GCM). Each endpoint is read in two modes:

- **decrypting**: the app as it is: each bio on the page is opened (AES-GCM) when read;
- **not decrypting**: the same app, rows and bytes, but opening a bio is a dictionary lookup
  of its plaintext, which is what reading a plaintext column costs in Python.

Requests alternate A B A B (which comes first changes each round), so drift in the machine's
load falls on both modes alike. The figures are the median time of one request, as the client
sees it in process (no network), the median of the paired differences over that, and the
time of the decryption alone (one bio opened in a loop) times the bios a request opens. A
page of 20 articles by 20 authors opens 20 bios; a profile 1.
"""

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from sqlalchemy import select

from loadtests.report import machine_load, print_table
from reference_app.app import create_app
from reference_app.database import Database
from reference_app.encryption.orm import SealedRow
from reference_app.settings import Settings
from reference_app.users.models import User

AUTHORS = 20
BIO = "Backend developer in a small team; writes about databases, queues and logs. " * 2
MODES = ("decrypting", "not decrypting")


@contextmanager
def plaintext_reads(plaintexts: dict[str, str]) -> Iterator[None]:
    """Open sealed values by looking their plaintext up, as if the column held it in clear."""
    original = User.opened

    def looked_up(self: SealedRow, name: str) -> str:
        return plaintexts[self.__dict__[User.__sealed__[name].attribute]]

    User.opened = looked_up  # type: ignore[method-assign]
    try:
        yield
    finally:
        User.opened = original  # type: ignore[method-assign]


async def _fill(client: httpx.AsyncClient) -> str:
    """Authors with bios, each writing one article; returns one author's name."""
    for n in range(AUTHORS):
        user = {
            "username": f"author{n}",
            "email": f"author{n}@example.org",
            "password": "pw-123456",
        }
        reply = await client.post("/api/users", json={"user": user})
        headers = {"Authorization": f"Token {reply.json()['user']['token']}"}
        await client.put("/api/user", json={"user": {"bio": f"{n}: {BIO}"}}, headers=headers)
        article = {"title": f"Article {n}", "description": "d", "body": "b", "tagList": ["x"]}
        await client.post("/api/articles", json={"article": article}, headers=headers)
    return "author7"


async def _time(client: httpx.AsyncClient, path: str, requests: int) -> list[float]:
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        reply = await client.get(path)
        samples.append((time.perf_counter() - started) * 1e6)
        if reply.status_code != 200:
            raise RuntimeError(f"GET {path} answered {reply.status_code}: {reply.text}")
    return samples


Samples = dict[tuple[str, str], list[float]]


async def measure(folder: Path, rounds: int, requests: int) -> tuple[Samples, float]:
    """Per-request µs by (path, mode), and µs to open one bio alone."""
    settings = Settings(
        environment="test",
        database_url=f"sqlite+aiosqlite:///{folder / 'bench.db'}",
        data_dir=folder,
        bcrypt_rounds=4,
    )
    database = Database(settings.database_url)
    await database.create_tables()
    await database.dispose()
    app = create_app(settings)
    samples: Samples = {}
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)  # type: ignore[arg-type]
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            author = await _fill(client)
            paths = [f"/api/profiles/{author}", "/api/articles?limit=20", "/api/articles/article-7"]
            plaintexts, (sealed, uid) = await _plaintexts(settings)
            for path in paths:
                await _time(client, path, requests)  # warm-up: caches, pools, JIT-free paths
            for round_ in range(rounds):
                # Request by request, A then B then A...: each pair meets the same machine.
                first, second = MODES if round_ % 2 == 0 else MODES[::-1]
                for path in paths:
                    for _ in range(requests):
                        for mode in (first, second):
                            if mode == "decrypting":
                                timed = await _time(client, path, 1)
                            else:
                                with plaintext_reads(plaintexts):
                                    timed = await _time(client, path, 1)
                            samples.setdefault((path, mode), []).extend(timed)
    return samples, open_cost(settings, sealed, uid)


async def _plaintexts(settings: Settings) -> tuple[dict[str, str], tuple[str, str]]:
    """Every sealed value in the database with its plaintext, and one bio with its row's uid."""
    database = Database(settings.database_url, cipher=settings.field_cipher)
    async with database.session(write=False) as session:
        users = (await session.execute(select(User))).scalars().all()
        found = {user.sealed_bio: user.bio for user in users}
        found |= {user.sealed_email: user.email for user in users}
    await database.dispose()
    return found, (users[0].sealed_bio, users[0].uid)


def open_cost(settings: Settings, sealed: str, uid: str, times: int = 5_000) -> float:
    """Median µs to open one sealed bio with the app's cipher, timed alone, in 5 runs."""
    cipher = settings.field_cipher
    runs = []
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(times):
            cipher.open(sealed, "users.bio", uid)
        runs.append((time.perf_counter() - started) / times * 1e6)
    return statistics.median(runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loadtests.bench_encryption",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--rounds", type=int, default=6, help="rounds of each mode (6)")
    parser.add_argument("--requests", type=int, default=200, help="requests a round (200)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="conduit-bench-") as tmp:
        samples, one_open = asyncio.run(measure(Path(tmp), args.rounds, args.requests))
    rows = []
    for path in dict.fromkeys(path for path, _ in samples):
        decrypting, not_decrypting = samples[(path, MODES[0])], samples[(path, MODES[1])]
        with_it, without = statistics.median(decrypting), statistics.median(not_decrypting)
        # The median of the pairs' differences: drift between pairs cancels out.
        gaps = [a - b for a, b in zip(decrypting, not_decrypting, strict=True)]
        share = statistics.median(gaps) / with_it * 100
        opens = 1 if "profiles" in path or path.endswith("-7") else AUTHORS
        alone = opens * one_open / with_it * 100
        rows.append(
            [f"GET {path}", f"{with_it:.0f}", f"{without:.0f}", f"{share:+.1f}%",
             str(opens), f"{alone:.2f}%"]
        )  # fmt: skip
    print_table(
        f"Median µs per request, {args.rounds} rounds x {args.requests} requests a mode "
        f"({machine_load(load_before)})",
        ["request", "decrypting", "not decrypting", "difference", "bios opened", "opening alone"],
        rows,
    )
    print(
        f"\nOne bio opened alone: {one_open:.2f} µs. 'difference' is the median of the paired"
        " differences A - B over A's median, noisy on a busy machine; 'opening alone' is the"
        " bios opened x that time, over A's median."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
