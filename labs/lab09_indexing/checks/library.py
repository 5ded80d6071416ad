"""A library of articles: an app on a SQLite database filled with random articles, tags,
favorites, follows and comments, and what its requests ask of the database.

    with library_of("conduit", folder, articles=300, seed=7) as library:
        sent = library.selects("/api/articles?tag=t3")   # the SELECTs that answered it
        plan = library.plan(sent[0])                     # SQLite's EXPLAIN QUERY PLAN lines

Readers are registered through the API (their emails and bios are sealed by the app); the
rest is written straight into the app's own tables, which is quicker by far than a request
each. The same code fills the workspace's app and, for the speed check, the reference's.
"""

import asyncio
import random
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest

from labs.engine import Account, Api

SECRET = "library-secret-that-is-long-enough-for-any-environment"
READERS = 12  # accounts, each of them an author, a follower and a fan
SMALL = 300  # articles: plans and query counts need a few pages, not a large table
TAGS = 40  # tags are drawn skewed: a few common ones, many rare
Statement = tuple[str, Any]  # SQL as the driver got it, and its parameters


@dataclass
class Library:
    """The app, its readers, and how to see what a request asks of the database."""

    api: Api
    app: Any
    path: Path  # the SQLite database file
    readers: list[Account]
    slugs: list[str]  # every article's, oldest first
    commented: str = ""  # the slug of the article with the most comments
    _sent: list[Statement] = field(default_factory=list)

    def selects(self, url: str, token: str = "") -> list[Statement]:
        """The SELECT statements answering `GET url` sent; the answer must be 200."""
        from labs.engine import CheckFailed

        self._sent.clear()
        reply = self.api.get(url, token=token or None)
        if reply.status != 200:
            raise CheckFailed(
                reply.request_line(),
                "status 200",
                reply.summary(),
                "the list must answer before its queries can be read",
            )
        return list(self._sent)

    def plan(self, statement: Statement) -> list[str]:
        """SQLite's plan of a statement: one line per step, as `EXPLAIN QUERY PLAN` says."""
        sql, parameters = statement
        with sqlite3.connect(self.path) as connection:
            rows = connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters or ())
            return [row[3] for row in rows]

    def record(self, _conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        if sql.lstrip().upper().startswith("SELECT"):
            self._sent.append((sql, parameters))


def _stored(moment: datetime) -> str:
    """A timestamp as the app's column stores it on SQLite: UTC, naive, with microseconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def fill(path: Path, readers: list[int], articles: int, seed: int) -> tuple[list[str], str]:
    """Random articles by these readers (user ids), with tags, favorites, follows and comments,
    written into the tables the app made; the slugs oldest first, and the most commented one."""
    rng = random.Random(seed)  # noqa: S311 - data, not secrets
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows, tags, favorites, comments = [], [], [], []
    for number in range(1, articles + 1):
        created = _stored(start + timedelta(seconds=number, microseconds=rng.randrange(1000)))
        slug = f"article-{number}-{rng.randrange(10**6)}"
        body = "A B-tree keeps its keys in order. " * rng.randrange(1, 8)
        author = rng.choice(readers)
        rows.append((number, slug, f"Article {number}", "About indexes", body, author, created))
        # Skewed: tag0 on about half of the articles, tag39 on very few.
        drawn = {min(int(rng.paretovariate(1.2)) - 1, TAGS - 1) for _ in range(rng.randrange(4))}
        tags += [(number, f"tag{tag}") for tag in sorted(drawn)]
        fans = rng.sample(readers, rng.randrange(min(4, len(readers))))
        favorites += [(fan, number) for fan in fans]
    # Many comments in all, a page of them on one article: found quickly only by an index.
    commented = rng.randrange(1, articles + 1)
    for number in range(1, articles + 1):
        on = commented if number % max(1, articles // 30) == 0 else rng.randrange(1, articles + 1)
        at = _stored(start + timedelta(days=400, seconds=number))
        comments.append((number, f"Comment {number}", on, rng.choice(readers), at))
    follows = [
        (one, other)
        for one in readers
        for other in rng.sample(readers, len(readers) // 3)
        if one != other
    ]
    # Straight into the tables, in one transaction: a request each would take minutes.
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO articles (id, slug, title, description, body, author_id, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(*row, row[-1]) for row in rows],
        )
        connection.executemany("INSERT INTO article_tags (article_id, tag) VALUES (?, ?)", tags)
        connection.executemany(
            "INSERT INTO favorites (user_id, article_id) VALUES (?, ?)", favorites
        )
        connection.executemany(
            "INSERT INTO comments (id, body, article_id, author_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(*comment, comment[-1]) for comment in comments],
        )
        connection.executemany(
            "INSERT INTO follows (follower_id, followee_id) VALUES (?, ?)", follows
        )
        # No ANALYZE: without statistics SQLite plans as for large tables, taking any index
        # that serves, so a plan says what the indexes allow, not what a few rows invite.
    connection.close()
    return [row[1] for row in rows], rows[commented - 1][1]


@contextmanager
def library_of(
    package: str, folder: Path, *, articles: int, seed: int, seconds: float | None = None
) -> Iterator[Library]:
    """The app of `package` ("conduit" or "reference_app") on a library in `folder`; each
    request answered 504 after `seconds` (by default, the checks' usual limit)."""
    from sqlalchemy import event

    from labs.engine.deadlines import BoundedClient

    create_app = import_module(f"{package}.app").create_app
    database_class = import_module(f"{package}.database").Database
    settings_class = import_module(f"{package}.settings").Settings
    path = folder / "library.db"
    settings = settings_class(
        environment="test",
        database_url=f"sqlite+aiosqlite:///{path}",
        data_dir=folder,
        secret_key=SECRET,
        bcrypt_rounds=4,
    )

    async def create_tables() -> None:
        database = database_class(settings.database_url)
        await database.create_tables()
        await database.dispose()

    asyncio.run(create_tables())
    app = create_app(settings)
    bounds = {"seconds": seconds} if seconds else {}
    with BoundedClient(app, raise_server_exceptions=False, **bounds) as client:
        api = Api(client)
        readers = [api.register() for _ in range(READERS)]
        with sqlite3.connect(path) as connection:
            ids = [int(row[0]) for row in connection.execute("SELECT id FROM users")]
        slugs, commented = fill(path, sorted(ids), articles, seed)
        library = Library(api, app, path, readers, slugs, commented)
        engine = app.state.database.engine.sync_engine
        event.listen(engine, "before_cursor_execute", library.record)
        try:
            yield library
        finally:
            event.remove(engine, "before_cursor_execute", library.record)


@pytest.fixture(name="library", scope="module")
def small_library(pytestconfig: pytest.Config) -> Iterator[Library]:
    """The workspace's app on a library of a few hundred random articles (the run's seed)."""
    from labs.engine.oracle.plugin import run_seed
    from labs.engine.plugin import NOT_APPLICABLE

    if pytestconfig.getoption("--lab-url"):
        pytest.skip(NOT_APPLICABLE)  # the app runs elsewhere: its statements cannot be seen
    seed = run_seed(pytestconfig) or 0
    with (
        tempfile.TemporaryDirectory(prefix="course-library-") as folder,
        library_of("conduit", Path(folder), articles=SMALL, seed=seed) as library,
    ):
        yield library
