"""A library of articles: an app on a SQLite database filled with random articles, tags,
favorites, follows and comments, and what its requests ask of the database.

    with library_of("conduit", folder, articles=300, seed=7) as library:
        sent = library.selects("/api/articles?tag=t3")   # the SELECTs that answered it
        reads = library.reads("/api/articles?tag=t3")    # each with SQLite's plan of it

Readers are registered through the API (their emails and bios are sealed by the app); the
rest is written straight into the app's own tables, which is quicker by far than a request
each. The same code fills the workspace's app and, for the speed check, the reference's; when
grading, the grader's service (`service.py`) fills the workspace's app in its sandbox, answers
each request's statements with their plans, and the checks read its database themselves.
"""

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

import httpx

from labs.engine import Account, Api
from labs.engine.inside import Inside
from labs.engine.served import ServiceTransport, call

from .service import SECRET, fill, plan_of

READERS = 12  # accounts, each of them an author, a follower and a fan
SMALL = 300  # articles: plans and query counts need a few pages, not a large table
Statement = tuple[str, Any]  # SQL as the driver got it, and its parameters
Planned = tuple[str, list[str]]  # SQL as the driver got it, and SQLite's plan of it


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

    def reads(self, url: str, token: str = "") -> list[Planned]:
        """Each SELECT answering `GET url` sent, with SQLite's plan of it (one line a step)."""
        return [(sql, plan_of(self.path, sql, params)) for sql, params in self.selects(url, token)]

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """The rows `sql` selects from the library's database; `params` fill its `:name`s."""
        with sqlite3.connect(self.path) as connection:
            connection.row_factory = sqlite3.Row
            found = [dict(row) for row in connection.execute(sql, params)]
        connection.close()
        return found

    def record(self, _conn: Any, _cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        if sql.lstrip().upper().startswith(("SELECT", "WITH")):
            self._sent.append((sql, parameters))


def stored_tags(library: Library, slug: str) -> list[str]:
    """The article's tags as its rows in the database hold them, sorted."""
    sql = (
        "SELECT article_tags.tag AS tag FROM article_tags JOIN articles "
        "ON articles.id = article_tags.article_id WHERE articles.slug = :slug"
    )
    return sorted(row["tag"] for row in library.rows(sql, slug=slug))


def expect_own_tags(library: Library, url: str, hint: str, token: str = "") -> None:
    """Fail unless each article of the page at `url` shows exactly the tags its rows hold."""
    from labs.engine import CheckFailed, expect_objects

    reply = library.api.get(url, token=token or None)
    for article in expect_objects(reply, "articles", hint="the list must answer first"):
        slug = str(article.get("slug"))
        stored = stored_tags(library, slug)
        if article.get("tagList") != stored:
            raise CheckFailed(
                reply.request_line(),
                f"the article {slug!r} with its tags {stored}",
                f"tagList {article.get('tagList')}",
                hint,
            )


@dataclass
class ServedLibrary(Library):
    """The same library, built by the grader's service in its sandbox (`service.py`): the
    service answers each list's statements and their plans, the checks read its database."""

    socket_path: str = ""
    inside: Inside | None = None  # the service's database, read as the checks read the app's
    # (None for the reference's twin, whose database no check reads)

    def _statements(self, url: str, token: str, *, plans: bool) -> list[Planned]:
        from labs.engine import CheckFailed

        answer = call(self.socket_path, "selects", url=url, token=token, plans=plans)
        if answer["status"] != 200:
            raise CheckFailed(
                f"GET {url}" + (" (signed in)" if token else ""),
                "status 200",
                f"status {answer['status']}: {answer['body']}",
                "the list must answer before its queries can be read",
            )
        return [(str(sql), [str(line) for line in plan]) for sql, plan in answer["statements"]]

    def selects(self, url: str, token: str = "") -> list[Statement]:
        return [(sql, None) for sql, _ in self._statements(url, token, plans=False)]

    def reads(self, url: str, token: str = "") -> list[Planned]:
        return self._statements(url, token, plans=True)

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        assert self.inside is not None
        return self.inside.rows(sql, **params)


@contextmanager
def served_library(
    socket_path: str, inside: Inside | None, *, articles: int, seed: int
) -> Iterator[ServedLibrary]:
    """The workspace's app on a library the service fills in its sandbox, as `library_of` does
    in-process: readers registered through the API, the rest written into its tables."""
    call(socket_path, "reset")
    try:
        transport = ServiceTransport(socket_path)
        with httpx.Client(base_url="http://sandbox", transport=transport) as client:
            api = Api(client)
            readers = [api.register() for _ in range(READERS)]
            filled = call(socket_path, "fill", articles=articles, seed=seed)
            yield ServedLibrary(
                api,
                None,
                Path(),
                readers,
                [str(slug) for slug in filled["slugs"]],
                str(filled["commented"]),
                socket_path=socket_path,
                inside=inside,
            )
    finally:
        call(socket_path, "stop")


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
