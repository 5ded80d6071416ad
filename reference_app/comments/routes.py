"""Comments: list an article's comments, add one, delete your own."""

from litestar import Router, delete, get, post
from litestar.params import FromPath, JSONBody
from litestar.status_codes import HTTP_200_OK, HTTP_204_NO_CONTENT
from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.articles.queries import find_article
from reference_app.auth.dependencies import CurrentUser, OptionalUser
from reference_app.auth.permissions import ensure_author
from reference_app.comments import queries
from reference_app.comments.models import CommentListResponse, CommentResponse, NewCommentRequest
from reference_app.database import Session
from reference_app.errors import not_found
from reference_app.openapi import SIGNED_IN, SIGNED_IN_OR_NOT, errors


async def _article_id(session: AsyncSession, slug: FromPath[str]) -> int:
    article = await find_article(session, slug)
    if article is None:
        raise not_found("article")
    return article.id


@get(
    "/articles/{slug:str}/comments",
    summary="List an article's comments",
    security=SIGNED_IN_OR_NOT,
    responses=errors(401, 404, 422),
)
async def list_comments(
    slug: FromPath[str], session: Session, optional_user: OptionalUser
) -> CommentListResponse:
    article_id = await _article_id(session, slug)
    comments = await queries.list_comments(session, article_id, optional_user)
    return CommentListResponse(comments=comments)


@post(
    "/articles/{slug:str}/comments",
    summary="Comment on an article",
    status_code=HTTP_200_OK,
    security=SIGNED_IN,
    responses=errors(401, 404, 422),
)
async def add_comment(
    slug: FromPath[str], data: JSONBody[NewCommentRequest], session: Session, user: CurrentUser
) -> CommentResponse:
    article_id = await _article_id(session, slug)
    comment = await queries.add_comment(session, article_id, user, data.comment.body)
    return CommentResponse(comment=queries.comment_read(comment, user, following=False))


@delete(
    "/articles/{slug:str}/comments/{comment_id:int}",
    summary="Delete your comment",
    status_code=HTTP_204_NO_CONTENT,
    security=SIGNED_IN,
    responses=errors(401, 403, 404, 422),
)
async def delete_comment(
    slug: FromPath[str], comment_id: FromPath[int], session: Session, user: CurrentUser
) -> None:
    article_id = await _article_id(session, slug)
    comment = await queries.find_comment(session, article_id, comment_id)
    if comment is None:
        raise not_found("comment")
    ensure_author(comment.author_id, user, "comment")
    await queries.delete_comment(session, comment)


router = Router(path="/", route_handlers=[list_comments, add_comment, delete_comment])
