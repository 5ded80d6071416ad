"""Articles: list, feed, read, write, delete, favorite; and the tags in use."""

from typing import Annotated, Any

from litestar import Router, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT
from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.articles import queries
from reference_app.articles.models import (
    Article,
    ArticleListResponse,
    ArticleResponse,
    NewArticleRequest,
    TagsResponse,
    UpdateArticleRequest,
)
from reference_app.articles.queries import ArticleFilters
from reference_app.auth.dependencies import CurrentUser, OptionalUser
from reference_app.auth.permissions import ensure_author
from reference_app.caching.families import ARTICLE, LISTS, TAGS, cached
from reference_app.database import Session
from reference_app.errors import invalid, not_found
from reference_app.openapi import SIGNED_IN, SIGNED_IN_OR_NOT, errors
from reference_app.users.models import User

MAX_PAGE_SIZE = 100
# Past any table this app will hold, and within every database's integer type (PostgreSQL's
# OFFSET is a BIGINT, SQLite's an INTEGER): a larger one is refused, not sent to fail there.
MAX_OFFSET = 2**31 - 1

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_PAGE_SIZE, description="Articles per page.")]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_OFFSET, description="Articles to skip.")]


async def _existing_article(session: AsyncSession, slug: FromPath[str]) -> Article:
    article = await queries.find_article(session, slug)
    if article is None:
        raise not_found("article")
    return article


async def _article_response(
    session: AsyncSession, slug: FromPath[str], viewer: User | None
) -> ArticleResponse:
    article = await queries.get_article(session, slug, viewer)
    if article is None:
        raise not_found("article")
    return ArticleResponse(article=article)


@get(
    "/articles",
    summary="List articles, newest first",
    security=SIGNED_IN_OR_NOT,
    responses=errors(401, 422),
    opt=cached(LISTS),
)
async def list_articles(
    session: Session,
    optional_user: OptionalUser,
    tag: FromQuery[str | None] = None,
    author: FromQuery[str | None] = None,
    favorited: FromQuery[str | None] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> ArticleListResponse:
    filters = ArticleFilters(tag=tag, author=author, favorited_by=favorited, reach=offset + limit)
    articles, count = await queries.list_articles(session, optional_user, filters, limit, offset)
    return ArticleListResponse(articles=articles, articlesCount=count)


@get(
    "/articles/feed",
    summary="Articles by the authors you follow",
    security=SIGNED_IN,
    responses=errors(401, 422),
)
async def feed(
    session: Session, user: CurrentUser, limit: Limit = 20, offset: Offset = 0
) -> ArticleListResponse:
    filters = ArticleFilters(followed_by=user)
    articles, count = await queries.list_articles(session, user, filters, limit, offset)
    return ArticleListResponse(articles=articles, articlesCount=count)


@get(
    "/articles/{slug:str}",
    summary="Get an article",
    security=SIGNED_IN_OR_NOT,
    responses=errors(401, 404, 422),
    opt=cached(ARTICLE),
)
async def get_article(
    slug: FromPath[str], session: Session, optional_user: OptionalUser
) -> ArticleResponse:
    # --- lab 03: get_article ---
    return await _article_response(session, slug, optional_user)
    # --- end lab 03: get_article ---


@post("/articles", summary="Create an article", security=SIGNED_IN, responses=errors(401, 422))
async def create_article(
    data: JSONBody[NewArticleRequest], session: Session, user: CurrentUser
) -> ArticleResponse:
    new = data.article
    article = await queries.create_article(
        session, user, new.title, new.description, new.body, new.tagList
    )
    return await _article_response(session, article.slug, user)


@put(
    "/articles/{slug:str}",
    summary="Update your article",
    security=SIGNED_IN,
    responses=errors(401, 403, 404, 422),
)
async def update_article(
    slug: FromPath[str], data: JSONBody[UpdateArticleRequest], session: Session, user: CurrentUser
) -> ArticleResponse:
    article = await _existing_article(session, slug)
    ensure_author(article.author_id, user, "article")
    changes: dict[str, Any] = data.article.model_dump(exclude_unset=True, exclude_none=True)
    if not changes:
        # --- lab 04: article_needs_changes ---
        raise invalid("article", "needs at least one field to change")
        # --- end lab 04: article_needs_changes ---
    article = await queries.update_article(session, article, changes)
    return await _article_response(session, article.slug, user)


@delete(
    "/articles/{slug:str}",
    summary="Delete your article",
    status_code=HTTP_204_NO_CONTENT,
    security=SIGNED_IN,
    responses=errors(401, 403, 404, 422),
)
async def delete_article(slug: FromPath[str], session: Session, user: CurrentUser) -> None:
    article = await _existing_article(session, slug)
    ensure_author(article.author_id, user, "article")
    await queries.delete_article(session, article)


@post(
    "/articles/{slug:str}/favorite",
    summary="Favorite an article",
    status_code=HTTP_200_OK,
    security=SIGNED_IN,
    responses=errors(401, 404, 422),
)
async def favorite(slug: FromPath[str], session: Session, user: CurrentUser) -> ArticleResponse:
    article = await _existing_article(session, slug)
    await queries.favorite(session, user, article)
    return await _article_response(session, slug, user)


@delete(
    "/articles/{slug:str}/favorite",
    summary="Unfavorite an article",
    status_code=HTTP_200_OK,
    security=SIGNED_IN,
    responses=errors(401, 404, 422),
)
async def unfavorite(slug: FromPath[str], session: Session, user: CurrentUser) -> ArticleResponse:
    article = await _existing_article(session, slug)
    await queries.unfavorite(session, user, article)
    return await _article_response(session, slug, user)


@get("/tags", summary="Tags in use", responses=errors(), opt=cached(TAGS))
async def list_tags(session: Session) -> TagsResponse:
    # --- lab 03: list_tags ---
    return TagsResponse(tags=await queries.all_tags(session))
    # --- end lab 03: list_tags ---


router = Router(
    path="/",
    route_handlers=[
        list_articles,
        feed,
        get_article,
        create_article,
        update_article,
        delete_article,
        favorite,
        unfavorite,
        list_tags,
    ],
)
