"""Reading, adding and deleting comments."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from reference_app.comments.models import Comment, CommentRead
from reference_app.profiles.queries import follows, profile_of
from reference_app.users.models import User

# Ids are INTEGER columns: PostgreSQL's hold 32 bits, and a larger number in a URL names nothing.
MAX_ID = 2**31 - 1


async def list_comments(
    session: AsyncSession, article_id: int, viewer: User | None
) -> list[CommentRead]:
    """An article's comments, oldest first, with their authors, in one query."""
    # --- lab 03: list_comments ---
    query = (
        select(Comment, User, follows(viewer, col(Comment.author_id)))
        .join(User, col(User.id) == Comment.author_id)
        .where(col(Comment.article_id) == article_id)
        .order_by(col(Comment.created_at), col(Comment.id))
    )
    return [
        comment_read(comment, author, bool(following))
        for comment, author, following in await session.execute(query)
    ]
    # --- end lab 03: list_comments ---


def comment_read(comment: Comment, author: User, following: bool) -> CommentRead:
    return CommentRead(
        id=comment.id,
        createdAt=comment.created_at,
        updatedAt=comment.updated_at,
        body=comment.body,
        author=profile_of(author, following),
    )


async def add_comment(session: AsyncSession, article_id: int, author: User, body: str) -> Comment:
    # --- lab 03: add_comment ---
    comment = Comment(body=body, article_id=article_id, author_id=author.id)
    session.add(comment)
    await session.flush()
    return comment
    # --- end lab 03: add_comment ---


async def find_comment(session: AsyncSession, article_id: int, comment_id: int) -> Comment | None:
    """The comment with this id, if it belongs to this article."""
    if not 1 <= comment_id <= MAX_ID:
        return None
    comment = await session.get(Comment, comment_id)
    return comment if comment is not None and comment.article_id == article_id else None


async def delete_comment(session: AsyncSession, comment: Comment) -> None:
    # --- lab 03: delete_comment ---
    await session.delete(comment)
    await session.flush()
    # --- end lab 03: delete_comment ---
