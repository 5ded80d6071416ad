"""Article queries: a page costs the same few queries whatever its size; deletes cascade."""

from litestar import Litestar
from sqlalchemy import ColumnElement, func, select
from sqlmodel import col

from reference_app.articles.models import Article, ArticleTag, Favorite
from reference_app.comments.models import Comment
from reference_app.database import Database
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
