"""The library of the checks, served from inside the grader's sandbox (`course grade`).

When grading, the learner's code never runs in the checks' process. The checks that need the
app on a library of their own (`library.py`), its migration (`test_migration.py`) or its lists
timed (`test_speed.py`) then ask this service for what they would otherwise do in-process:
start the app on a fresh database, fill it with random articles, send a request and give the
SELECT statements it sent with SQLite's plan of each, migrate a new database, or time one
request. It runs beside the learner's app in a sandbox of its own, on a database in its own
folder, and answers one JSON line per connection on the socket it is handed
(`labs/engine/served.py` asks). It answers raw data (statements, plan rows, statuses, times):
the checks judge it, and read its databases themselves.

Its `Service` is served by `labs/engine/service_loop.py`, as every lab's is.

It uses the standard library, the learner's package and what that package imports, nothing
of the course's: the checks import `fill` and `SECRET` from here, so that a library is filled
the same way in-process and when served.
"""

import asyncio
import base64
import os
import random
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

# The grader serves this service over the reference's sources too, in a sandbox like the
# learner's: the speed check times both apps in like conditions (graders/labs/checks_service.py).
SERVES_THE_REFERENCE_TOO = True
SECRET = "library-secret-that-is-long-enough-for-any-environment"
# What the checks' client sends by URL: the test client would say "testclient", which code
# that behaves only while it is checked could look for.
USER_AGENT = "python-httpx"


def _key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("=")


TAGS = 40  # tags are drawn skewed: a few common ones, many rare
ARCHIVED = "archived"  # and one more, on the oldest sixth of the articles only
MIGRATED, CREATED = "migrated.db", "created.db"  # the migration's databases, in the folder


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
        if number <= articles // 6:
            # A tag of the oldest sixth only: none among the newest, so a page of it is found
            # by reading the tag's whole set (the speed check times this list).
            tags.append((number, ARCHIVED))
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


def plan_of(path: Path, sql: str, parameters: Any) -> list[str]:
    """SQLite's plan of a statement: one line per step, as `EXPLAIN QUERY PLAN` says."""
    with sqlite3.connect(path) as connection:
        rows = connection.execute(f"EXPLAIN QUERY PLAN {sql}", parameters or ())
        found = [row[3] for row in rows]
    connection.close()
    return found


class Service:
    """The state between commands: the app on the library's database, and what it sent."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.client: Any = None
        self.sent: list[tuple[str, Any]] = []

    @property
    def path(self) -> Path:
        return self.folder / "conduit.db"

    def record(self, _conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            self.sent.append((sql, parameters))

    def reset(self) -> dict[str, Any]:
        """A fresh, empty database, and the app started on it, its statements recorded."""
        from conduit.app import create_app
        from conduit.database import Database
        from conduit.settings import Settings
        from litestar.testing import TestClient
        from sqlalchemy import event

        self.stop()
        for old in self.folder.glob("conduit.db*"):
            old.unlink()
        settings = Settings(
            # As deployed, like the app the grader serves: nothing tells the learner's code
            # that it is being checked (a "test" environment would).
            environment="production",
            response_cache=False,  # the checks count the queries of every request
            database_url=f"sqlite+aiosqlite:///{self.path}",
            data_dir=self.folder,
            secret_key=SECRET,
            bcrypt_rounds=4,
            encryption_keys=f"k1:{_key()}",  # production refuses to start without keys
            blind_index_key=_key(),
        )

        async def create_tables() -> None:
            database = Database(settings.database_url)
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        app = create_app(settings)
        client = TestClient(app, base_url="http://sandbox", raise_server_exceptions=False)
        client.headers["user-agent"] = USER_AGENT
        client.__enter__()
        self.client = client
        event.listen(app.state.database.engine.sync_engine, "before_cursor_execute", self.record)
        return {}

    def stop(self) -> dict[str, Any]:
        if self.client is not None:
            client, self.client = self.client, None
            client.__exit__(None, None, None)
        return {}

    def fill(self, articles: int, seed: int) -> dict[str, Any]:
        """The library's articles, by the users registered so far."""
        with sqlite3.connect(self.path) as connection:
            ids = sorted(int(row[0]) for row in connection.execute("SELECT id FROM users"))
        connection.close()
        slugs, commented = fill(self.path, ids, articles, seed)
        return {"slugs": slugs, "commented": commented}

    def _get(self, url: str, token: str) -> Any:
        if self.client is None:
            raise RuntimeError("no app started")
        headers = {"Authorization": f"Token {token}"} if token else {}
        return self.client.get(url, headers=headers)

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

    def selects(self, url: str, token: str = "", plans: bool = True) -> dict[str, Any]:
        """`GET url`'s status and start of its body, and each SELECT it sent (with its plan)."""
        self.sent.clear()
        reply = self._get(url, token)
        sent = list(self.sent)
        return {
            "status": reply.status_code,
            "body": reply.text[:300],
            "statements": [
                [sql, plan_of(self.path, sql, parameters) if plans else []]
                for sql, parameters in sent
            ],
        }

    def time(self, url: str) -> dict[str, Any]:
        """The status of one `GET url`, and the seconds it took here (the checks time the
        command too, from their side)."""
        started = time.perf_counter()
        reply = self._get(url, "")
        return {"status": reply.status_code, "seconds": time.perf_counter() - started}

    def migrate(self) -> dict[str, Any]:
        """A new database migrated to the newest revision, beside one `create_tables` made:
        the revision reached and the newest. The checks read both databases' indexes."""
        from conduit import migrations
        from conduit.database import Database

        for name in (MIGRATED, CREATED):
            for old in self.folder.glob(f"{name}*"):
                old.unlink()

        async def migrated_and_created() -> str | None:
            migrated = Database(f"sqlite+aiosqlite:///{self.folder / MIGRATED}")
            created = Database(f"sqlite+aiosqlite:///{self.folder / CREATED}")
            try:
                _, reached = await migrations.upgrade(migrated)
                await created.create_tables()
            finally:
                await migrated.dispose()
                await created.dispose()
            return reached  # type: ignore[no-any-return]

        reached = asyncio.run(migrated_and_created())
        return {"reached": reached, "head": migrations.head()}
