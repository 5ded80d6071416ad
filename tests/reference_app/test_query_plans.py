"""Every list the API serves is read through an index: the database's own plans say so.

Each test sends a real request, records the SELECT statements the app sent for it (with
their parameters), and asks the database how it runs them: `EXPLAIN QUERY PLAN` on SQLite,
`EXPLAIN (FORMAT JSON)` on PostgreSQL. No statement may read a whole table, nor a whole index,
but for two walks that stop early or cannot do otherwise: the articles newest first through
their `created_at` index (a page stops at its end), and the count of all articles (a count of
everything reads everything).

PostgreSQL would rather read a table of a few rows whole than open an index, which says
nothing about what it does with a real table. So its plans are asked with
`enable_seqscan = off` and `enable_sort = off` (and with hash and merge joins off, which
read whole inputs too): these make such plans cost so much that the planner takes any index
that can serve instead; a whole read still in the plan means no index could.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from sqlalchemy import event

from reference_app.database import Database
from tests.reference_app.conftest import Account, Conduit

pytestmark = pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)

# SQLite says SCAN for reading a whole table or a whole index, and SEARCH for a lookup.
SQLITE_WALK = re.compile(r"^SCAN \w+")
NEWEST_FIRST_INDEX = "ix_articles_created_at_id"
# The articles table in a plan line (not an index named after it, such as ix_articles_...).
ARTICLES_TABLE = re.compile(r"\barticles\b")
WINDOW_READ_BACK = ("SCAN in_window", "CTE Scan on in_window")

Statement = tuple[str, Any]


@contextmanager
def selects_sent(app: Litestar) -> Iterator[list[Statement]]:
    """Collect the reads (SELECT, WITH) the app sends while the block runs, with parameters."""
    sent: list[Statement] = []

    def record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        # A read may start with its common table expressions (WITH ... SELECT).
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            sent.append((statement, parameters))

    engine = app.state.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


async def plan_of(database: Database, statement: Statement) -> list[str]:
    """The plan's lines: SQLite's details, or PostgreSQL's nodes as
    `Node Type on relation (index) [index condition]`."""
    sql, parameters = statement
    async with database.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            rows = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", parameters)
            return [row[3] for row in rows]
        for plan_kind in ("seqscan", "sort", "hashjoin", "mergejoin"):
            await connection.exec_driver_sql(f"SET enable_{plan_kind} = off")
        rows = await connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {sql}", parameters)
        document = rows.scalar_one()
        await connection.rollback()
    return list(_postgres_nodes(document[0]["Plan"]))


def _postgres_nodes(node: dict[str, Any]) -> Iterator[str]:
    relation = node.get("Relation Name")
    index = node.get("Index Name")
    # An index scan with no condition on the index reads all of it.
    whole = index is not None and "Index Cond" not in node
    condition = node.get("Index Cond")
    words = [node["Node Type"], relation and f"on {relation}", index and f"({index})"]
    yield " ".join(
        filter(None, [*words, condition and f"[{condition}]", "whole" if whole else None])
    )
    for child in node.get("Plans", []):
        yield from _postgres_nodes(child)


def _bounded_walk(line: str) -> bool:
    """The newest articles walked through their index (a page, or a window, stops early), or
    the window of a tag's or a fan's page read back (it holds at most the page's reach)."""
    return NEWEST_FIRST_INDEX in line or line.startswith(WINDOW_READ_BACK)


def walks(plan: list[str]) -> list[str]:
    """The lines of a plan that read a whole table or a whole index."""
    return [
        line
        for line in plan
        if SQLITE_WALK.match(line) or line.startswith("Seq Scan") or line.endswith(" whole")
    ]


async def plans_of_request(
    app: Litestar, database: Database, client: AsyncTestClient[Litestar], url: str, **kw: Any
) -> list[tuple[str, list[str]]]:
    """Each SELECT that answering `GET url` sent, with its plan."""
    with selects_sent(app) as sent:
        response = await client.get(url, **kw)
    assert response.status_code == 200, f"GET {url} answered {response.status_code}"
    assert sent, f"GET {url} sent no SELECT"
    return [(statement[0], await plan_of(database, statement)) for statement in sent]


@pytest.fixture
async def readers(conduit: Conduit) -> dict[str, Any]:
    """Two authors, a follower and a fan, a few tagged articles and a comment."""
    author, other = await conduit.register(), await conduit.register()
    viewer = await conduit.register()
    slugs = [
        (await conduit.create_article(writer, tagList=[f"tag{n % 2}"]))["slug"]
        for n, writer in enumerate([author, other, author, other])
    ]
    await conduit.follow(viewer, author.username)
    await conduit.favorite(viewer, slugs[0])
    await conduit.comment(other, slugs[0])
    return {"author": author, "viewer": viewer, "slug": slugs[0]}


def _signed_in(account: Account) -> dict[str, dict[str, str]]:
    return {"headers": account.headers}


LISTS = {
    "newest first": ("/api/articles", None),
    "by tag": ("/api/articles?tag=tag0", None),
    "by author": ("/api/articles?author={author}", None),
    "favorited by": ("/api/articles?favorited={viewer}", None),
    "feed": ("/api/articles/feed", "viewer"),
    "comments of an article": ("/api/articles/{slug}/comments", None),
    "one article": ("/api/articles/{slug}", None),
}


@pytest.mark.parametrize("name", list(LISTS))
async def test_no_list_reads_a_whole_table(
    name: str,
    app: Litestar,
    database: Database,
    client: AsyncTestClient[Litestar],
    readers: dict[str, Any],
) -> None:
    template, signed_in_as = LISTS[name]
    url = template.format(
        author=readers["author"].username,
        viewer=readers["viewer"].username,
        slug=readers["slug"],
    )
    kw = _signed_in(readers[signed_in_as]) if signed_in_as else {}
    walked = []
    for sql, plan in await plans_of_request(app, database, client, url, **kw):
        counts_all = name == "newest first" and "count(" in sql.lower()
        unexpected = [line for line in walks(plan) if not _bounded_walk(line)]
        if unexpected and not counts_all:
            walked.append(f"{' '.join(sql.split())[:300]}\n    plan: {plan}")
    assert not walked, f"GET {url} reads whole tables or indexes:\n" + "\n".join(walked)


@pytest.mark.parametrize(
    ("url", "index", "name"),
    [
        ("/api/articles", "ix_articles_created_at_id", "newest first"),
        ("/api/articles?author={author}", "ix_articles_author_id_created_at_id", "by author"),
        ("/api/articles/{slug}/comments", "ix_comments_article_id_created_at_id", "comments"),
    ],
    ids=["newest-first", "by-author", "comments"],
)
async def test_ordered_lists_come_in_order_from_their_index(
    url: str,
    index: str,
    name: str,
    app: Litestar,
    database: Database,
    client: AsyncTestClient[Litestar],
    readers: dict[str, Any],
) -> None:
    """A page of a list in its order is read from an index in that order: no sort at all."""
    url = url.format(author=readers["author"].username, slug=readers["slug"])
    plans = [plan for _, plan in await plans_of_request(app, database, client, url)]
    page = [plan for plan in plans if any(index in line for line in plan)]
    assert page, f"no statement of GET {url} ({name}) uses {index}: {plans}"
    sorts = [line for plan in page for line in plan if "TEMP B-TREE" in line or "Sort" in line]
    assert not sorts, f"GET {url} ({name}) sorts instead of reading {index} in order: {page}"


@pytest.mark.parametrize(
    "url", ["/api/articles?tag=tag0", "/api/articles?favorited={viewer}"], ids=["tag", "favorited"]
)
async def test_one_tag_or_one_fan_is_counted_without_reading_the_articles(
    url: str,
    app: Litestar,
    database: Database,
    client: AsyncTestClient[Litestar],
    readers: dict[str, Any],
) -> None:
    """articlesCount of a tag alone (or of one user's favorites) counts that index's entries:
    each names one article, so the articles table is not read at all."""
    url = url.format(viewer=readers["viewer"].username)
    plans = await plans_of_request(app, database, client, url)
    counts = [(sql, plan) for sql, plan in plans if sql.lower().startswith("select count(")]
    assert counts, f"GET {url} sent no count: {plans}"
    reading_articles = [
        (sql, plan) for sql, plan in counts if any(ARTICLES_TABLE.search(line) for line in plan)
    ]
    assert not reading_articles, f"GET {url} counts by reading the articles: {reading_articles}"


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/articles?tag=tag0", "article_tags"),
        ("/api/articles?favorited={viewer}", "favorites"),
    ],
    ids=["tag", "favorited"],
)
async def test_a_tags_or_a_fans_page_is_looked_for_among_the_newest_articles_first(
    url: str,
    key: str,
    app: Litestar,
    database: Database,
    client: AsyncTestClient[Litestar],
    readers: dict[str, Any],
) -> None:
    """The page walks the newest articles through their `created_at` index from the window's
    edge (a range, not the whole index) and asks the set's table of each one by both columns
    (a lookup, not the set's whole range); the whole set is read only when that falls short
    (a branch of the same plan, which the tests above check for whole reads)."""
    if database.engine.dialect.name != "sqlite":
        # PostgreSQL's join order on a table of four rows, its sorts and hashes turned off,
        # says nothing of its plan at 100,000 (loadtests/bench_list_scale.py measures that).
        pytest.skip("a plan of a few rows: the window shows on a large table only")
    url = url.format(viewer=readers["viewer"].username)
    plans = await plans_of_request(app, database, client, url)
    pages = [(sql, plan) for sql, plan in plans if sql.lstrip().upper().startswith("WITH")]
    assert len(pages) == 1, f"GET {url}: no page read from a window of the newest: {plans}"
    plan = pages[0][1]
    ranged = [line for line in plan if NEWEST_FIRST_INDEX in line and _ranged(line)]
    assert ranged, f"GET {url} does not walk {NEWEST_FIRST_INDEX} from an edge: {plan}"
    looked_up = [line for line in plan if key in line and _looked_up_by_article(line)]
    assert looked_up, f"GET {url} does not look each newest article up in {key}: {plan}"


def _ranged(line: str) -> bool:
    """SQLite's `SEARCH ... (created_at>?)`, PostgreSQL's node with a condition on the index."""
    return bool(re.search(r"\(created_at>\?\)|\[\(?created_at >=", line))


def _looked_up_by_article(line: str) -> bool:
    """The set's rows of one article of the window: SQLite's `(article_id=? AND ...)` or
    `(... AND article_id=?)`, PostgreSQL's `article_id = newest...` (the window's alias)."""
    return bool(re.search(r"\barticle_id=\?|article_id = newest", line))
