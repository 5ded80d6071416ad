"""List latency at 1,000 and at 100,000 articles, and the queries each request sends.

    python -m loadtests.bench_list_scale                      # SQLite, 1,000 then 100,000
    python -m loadtests.bench_list_scale --sizes 1000 20000   # quicker
    python -m loadtests.bench_list_scale --database-url postgresql+asyncpg://postgres@127.0.0.1/x

The app runs in this process (no server, no network: what is timed is the app and its
database). Users, follows and the viewer's token come through the API; articles, tags,
favorites and comments are written in bulk straight into the tables, which is what makes a
hundred thousand of them take seconds instead of an hour. Each list is then asked for its
first page a number of times, one request after the other, and the median is kept.

With its indexes, a page costs the same at any size: the database reads the page's rows in
order from an index and stops. What must grow is the count of matching articles
(`articlesCount`): counting a hundred thousand rows reads a hundred thousand index entries.
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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event, insert

from loadtests.report import machine_load, print_table
from reference_app.app import create_app
from reference_app.articles.models import Article, ArticleTag, Favorite
from reference_app.comments.models import Comment
from reference_app.database import Database
from reference_app.settings import Settings

AUTHORS = 100
FOLLOWED = 10  # of the authors, by the viewer
TAGS = [f"topic-{n:02d}" for n in range(20)]  # each on 3 articles in 20
RARE_TAG, RARE_EVERY = "rare", 1_000  # on one article in a thousand: a tag's page read whole
FAVORITE_EVERY = 50  # the viewer favorites one article in this many
COMMENTS = 20  # on the first article
BATCH = 5_000
START = datetime(2020, 1, 1, tzinfo=UTC)


class Corpus:
    """The users and rows written so far, so that the next size only adds what is missing."""

    def __init__(self, app: Litestar, client: AsyncTestClient[Litestar], writer: Database) -> None:
        self.app = app
        self.client = client
        self.writer = writer
        self.articles = 0
        self.authors: list[tuple[int, str]] = []
        self.viewer: dict[str, str] = {}

    async def register(self, name: str) -> tuple[int, dict[str, Any]]:
        user = {"username": name, "email": f"{name}@example.org", "password": "bench-password"}
        response = await self.client.post("/api/users", json={"user": user})
        response.raise_for_status()
        # Users are registered one by one on an empty database: ids count from 1.
        return len(self.authors) + 1, response.json()["user"]

    async def create_people(self) -> None:
        for number in range(AUTHORS):
            user_id, _ = await self.register(f"author{number:03d}")
            self.authors.append((user_id, f"author{number:03d}"))
        _, viewer = await self.register("viewer")
        self.viewer = {"Authorization": f"Token {viewer['token']}"}
        for _, name in self.authors[:FOLLOWED]:
            followed = await self.client.post(f"/api/profiles/{name}/follow", headers=self.viewer)
            followed.raise_for_status()

    async def grow_to(self, total: int) -> None:
        """Add articles (with tags, the viewer's favorites, comments) until there are `total`."""
        viewer_id = AUTHORS + 1
        engine = self.writer.engine
        while self.articles < total:
            first, last = self.articles, min(total, self.articles + BATCH)
            articles, tags, favorites = [], [], []
            for index in range(first, last):
                article_id = index + 1
                articles.append(
                    {
                        "id": article_id,
                        "slug": f"article-{index}",
                        "title": f"Article {index}",
                        "description": f"Article {index}, written to fill the table.",
                        "body": "A paragraph of body text. " * 20,
                        "author_id": self.authors[index % AUTHORS][0],
                        "created_at": START + timedelta(seconds=index),
                        "updated_at": START + timedelta(seconds=index),
                    }
                )
                tags += [
                    {"article_id": article_id, "tag": TAGS[(index + step * 7) % len(TAGS)]}
                    for step in range(3)
                ]
                if index % RARE_EVERY == 7:
                    tags.append({"article_id": article_id, "tag": RARE_TAG})
                if index % FAVORITE_EVERY == 0:
                    favorites.append({"user_id": viewer_id, "article_id": article_id})
            async with engine.begin() as connection:
                await connection.execute(insert(Article), articles)
                await connection.execute(insert(ArticleTag), tags)
                if favorites:
                    await connection.execute(insert(Favorite), favorites)
                if first == 0:
                    comments = [
                        {
                            "body": f"Comment {n}",
                            "article_id": 1,
                            "author_id": self.authors[n % AUTHORS][0],
                            "created_at": START + timedelta(seconds=n),
                            "updated_at": START + timedelta(seconds=n),
                        }
                        for n in range(COMMENTS)
                    ]
                    await connection.execute(insert(Comment), comments)
            self.articles = last
        # Fresh statistics, as a database that grew over months would have.
        async with engine.begin() as connection:
            await connection.exec_driver_sql("ANALYZE")


@contextmanager
def counted_queries(app: Litestar) -> Iterator[list[int]]:
    count = [0]

    def record(*_: Any) -> None:
        count[0] += 1

    engine = app.state.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", record)


def lists(corpus: Corpus) -> dict[str, tuple[str, dict[str, str]]]:
    author = corpus.authors[0][1]
    return {
        "newest first": ("/api/articles", {}),
        "by tag": (f"/api/articles?tag={TAGS[0]}", {}),
        "by rare tag": (f"/api/articles?tag={RARE_TAG}", {}),
        "by author": (f"/api/articles?author={author}", {}),
        "favorited by": ("/api/articles?favorited=viewer", {}),
        "feed": ("/api/articles/feed", corpus.viewer),
        "comments of an article": ("/api/articles/article-0/comments", {}),
        "one article": ("/api/articles/article-0", {}),
    }


@dataclass(frozen=True, slots=True)
class Figures:
    """One list at one size: median latency and CPU time per request (ms), queries sent."""

    ms: float
    cpu_ms: float
    queries: int


async def measure(corpus: Corpus, repeats: int) -> dict[str, Figures]:
    """Each list's median latency and CPU time in ms, and the queries one request sent.

    The CPU time is this process's (the app, the test client and the database driver's
    thread): on a busy machine, latency grows with the wait for a CPU; CPU time much less.
    """
    figures = {}
    for name, (url, headers) in lists(corpus).items():
        for _ in range(3):  # warm: the statement caches, the database's pages
            (await corpus.client.get(url, headers=headers)).raise_for_status()
        timings, cpu_timings = [], []
        with counted_queries(corpus.app) as count:
            for _ in range(repeats):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = await corpus.client.get(url, headers=headers)
                cpu_timings.append((time.process_time() - cpu_started) * 1000)
                timings.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
        figures[name] = Figures(
            statistics.median(timings), statistics.median(cpu_timings), count[0] // repeats
        )
    return figures


async def run(args: argparse.Namespace, data_dir: Path) -> dict[int, dict[str, Figures]]:
    url = args.database_url or f"sqlite+aiosqlite:///{data_dir / 'scale.db'}"
    settings = Settings(
        environment="test",
        database_url=url,
        data_dir=data_dir,
        secret_key="bench-list-scale-" + "x" * 32,
        bcrypt_rounds=4,
        log_level="WARNING",
    )
    app = create_app(settings)
    # The app serves on the test client's own event loop; the rows are written from this one.
    # Each loop needs its own connections (an asyncpg connection belongs to the loop that
    # opened it), so the tables and bulk rows go through a database of their own.
    writer = Database(url)
    await writer.drop_tables()
    await writer.create_tables()
    results = {}
    async with AsyncTestClient(app) as client:
        corpus = Corpus(app, client, writer)
        await corpus.create_people()
        for size in args.sizes:
            print(f"filling to {size:,} articles", file=sys.stderr)
            await corpus.grow_to(size)
            print(f"measuring at {size:,} articles", file=sys.stderr)
            results[size] = await measure(corpus, args.repeats)
    await writer.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loadtests.bench_list_scale",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000, 100_000])
    parser.add_argument("--repeats", type=int, default=30, help="requests per list (30)")
    parser.add_argument("--database-url", help="an empty database (default: a new SQLite file)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="conduit-scale-") as tmp:
        results = asyncio.run(run(args, Path(tmp)))
    small, large = args.sizes
    rows = []
    for name in results[small]:
        before, after = results[small][name], results[large][name]
        rows.append(
            [
                name,
                f"{before.ms:.1f}",
                f"{after.ms:.1f}",
                f"{after.ms / before.ms:.2f}",
                f"{before.cpu_ms:.1f}",
                f"{after.cpu_ms:.1f}",
                f"{after.cpu_ms / before.cpu_ms:.2f}",
                str(before.queries),
                str(after.queries),
            ]
        )
    database = (args.database_url or "sqlite").split(":")[0]
    print_table(
        f"First page of each list at {small:,} and {large:,} articles ({database}, in process, "
        f"median of {args.repeats} requests); {machine_load(load_before)}",
        [
            "list",
            f"ms at {small:,}",
            f"ms at {large:,}",
            "ratio",
            f"CPU ms at {small:,}",
            f"CPU ms at {large:,}",
            "CPU ratio",
            f"queries at {small:,}",
            f"queries at {large:,}",
        ],
        rows,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
