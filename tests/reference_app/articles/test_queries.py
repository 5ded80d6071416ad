"""Article queries: a page costs the same few queries whatever its size; deletes cascade."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from litestar import Litestar
from sqlalchemy import ColumnElement, func, select
from sqlmodel import col

from reference_app.articles.models import Article, ArticleTag, Favorite
from reference_app.comments.models import Comment
from reference_app.database import Database
from reference_app.users.models import User
from tests.reference_app.conftest import Account, Conduit, recorded_statements


async def test_a_page_of_articles_costs_the_same_queries_for_1_or_20_articles(
    app: Litestar, conduit: Conduit
) -> None:
    """Loading tags, authors or favorites article by article would grow with the page."""
    authors = [await conduit.register() for _ in range(2)]
    fans = [await conduit.register() for _ in range(2)]
    for number in range(20):
        author = authors[number % 2]
        slug = (await conduit.create_article(author, tagList=[f"t{number}", "common"]))["slug"]
        await conduit.favorite(fans[number % 2], slug)
    await conduit.follow(fans[0], authors[0].username)

    viewers: dict[str, Account | None] = {"anonymous": None, "signed-in": fans[0]}
    for name, viewer in viewers.items():
        statements_per_page = {}
        for limit in (1, 20):
            with recorded_statements(app) as statements:
                page = await conduit.articles(viewer, limit=limit)
            assert len(page["articles"]) == limit
            statements_per_page[limit] = len([s for s in statements if _is_query(s)])
        assert statements_per_page[1] == statements_per_page[20], (name, statements_per_page)
        assert statements_per_page[20] <= 4, f"{name}: {statements_per_page[20]} queries a page"


def _is_query(statement: str) -> bool:
    """Leave out SQLite's BEGIN, which only SQLite sends."""
    return not statement.lstrip().upper().startswith("BEGIN")


async def _count(database: Database, article_id: ColumnElement[int], value: int) -> int:
    async with database.session(write=False) as session:
        query = select(func.count()).where(article_id == value)
        return int((await session.execute(query)).scalar_one())


async def test_deleting_an_article_removes_its_comments_favorites_and_tags(
    conduit: Conduit, database: Database
) -> None:
    author, fan = await conduit.register(), await conduit.register()
    gone = (await conduit.create_article(author, tagList=["shared", "own"]))["slug"]
    kept = (await conduit.create_article(author, tagList=["shared"]))["slug"]
    for slug in (gone, kept):
        await conduit.favorite(fan, slug)
        await conduit.comment(fan, slug)
    async with database.session(write=False) as session:
        ids = dict((await session.execute(select(col(Article.slug), col(Article.id)))).all())

    response = await conduit.client.delete(f"/api/articles/{gone}", headers=author.headers)
    assert response.status_code == 204, response.text
    for table in (Comment, Favorite, ArticleTag):
        article_id = col(table.article_id)
        assert await _count(database, article_id, ids[gone]) == 0, f"{table.__name__} rows left"
        assert await _count(database, article_id, ids[kept]) >= 1, f"{table.__name__} of another"
    assert (await conduit.client.get("/api/tags")).json()["tags"] == ["shared"]


# More articles than the newest-first window of a page of 1 (100 articles), fewer than that
# of a page of 2: each list below is read from the window, from its whole set, or both.
SHELF = 130
START = datetime(2024, 1, 1, tzinfo=UTC)
PAGES = [(1, 0), (1, 1), (1, 19), (2, 0), (5, 3), (1, 60), (20, 0)]  # (limit, offset)


@dataclass(frozen=True)
class Shelved:
    id: int
    created_at: datetime
    tags: tuple[str, ...]
    favorited: bool

    @property
    def slug(self) -> str:
        return f"shelf-{self.id}"


def _shelf() -> list[Shelved]:
    """SHELF articles, oldest first, their ids not in date order and their dates tied in pairs
    (the order's second key, id, then decides); tags and favorites at set densities."""
    dates = {
        number + 1: START + timedelta(seconds=number * 37 % SHELF // 2) for number in range(SHELF)
    }
    by_date = sorted(dates, key=lambda article_id: (dates[article_id], article_id))
    return [
        Shelved(
            id=article_id,
            created_at=dates[article_id],
            tags=tuple(
                tag
                for tag, holds in (
                    ("common", age % 2 == 0),
                    ("old", age < 40),
                    ("sparse", age % 60 == 7),
                )
                if holds
            ),
            favorited=age % 3 == 1,
        )
        for age, article_id in enumerate(by_date)
    ]


async def _store(database: Database, shelf: list[Shelved], author_id: int, fan_id: int) -> None:
    """Straight into the tables: a request each would take seconds."""
    async with database.session(write=True) as session:
        for row in shelf:
            session.add(
                Article(
                    id=row.id,
                    slug=row.slug,
                    title=f"Shelf {row.id}",
                    description="d",
                    body="b",
                    author_id=author_id,
                    created_at=row.created_at,
                    updated_at=row.created_at,
                )
            )
        await session.flush()
        for row in shelf:
            session.add_all(ArticleTag(article_id=row.id, tag=tag) for tag in row.tags)
            if row.favorited:
                session.add(Favorite(user_id=fan_id, article_id=row.id))
        await session.commit()


async def test_a_tags_or_a_fans_pages_are_the_newest_of_their_set_in_order(
    conduit: Conduit, database: Database
) -> None:
    """Pages read from the newest articles first (common sets), from the whole set (rare
    ones, deep pages) or from a table smaller than the window hold the same articles in the
    same order as the whole set sorted newest first would: no page skips or repeats one."""
    author, fan = await conduit.register(), await conduit.register()
    async with database.session(write=False) as session:
        rows = await session.execute(select(col(User.username), col(User.id)))
        ids = {username: user_id for username, user_id in rows}
    shelf = _shelf()
    await _store(database, shelf, ids[author.username], ids[fan.username])
    newest_first = shelf[::-1]
    lists: dict[str, tuple[dict[str, str], list[str]]] = {
        f"tag {tag}": ({"tag": tag}, [row.slug for row in newest_first if tag in row.tags])
        for tag in ("common", "old", "sparse")
    }
    fans = [row.slug for row in newest_first if row.favorited]
    lists["favorited"] = ({"favorited": fan.username}, fans)
    for name, (params, members) in lists.items():
        for limit, offset in PAGES:
            page = await conduit.articles(None, **params, limit=limit, offset=offset)
            slugs = [article["slug"] for article in page["articles"]]
            expected = members[offset : offset + limit]
            assert slugs == expected, f"{name}, limit {limit}, offset {offset}: {page}"
            assert page["articlesCount"] == len(members), name
