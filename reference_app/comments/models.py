"""Comments on articles: the table, and the shapes a client sends and receives."""

from datetime import datetime

from pydantic import BaseModel, field_validator
from sqlalchemy import Index, Text
from sqlmodel import Field, SQLModel

from reference_app.incoming import Incoming
from reference_app.indexes import declared
from reference_app.profiles.models import Profile
from reference_app.timestamps import Timestamp, UTCDateTime, utc_now


def comment_indexes() -> tuple[Index, ...]:
    """An article's comments, oldest first (`created_at`, then `id`), are read on every article
    page: this index finds them in that order, with no sort. Its first column also serves the
    foreign key (deleting an article finds its comments through it)."""
    # --- lab 09: comment_indexes ---
    return (Index("ix_comments_article_id_created_at_id", "article_id", "created_at", "id"),)
    # --- end lab 09: comment_indexes ---


class Comment(SQLModel, table=True):
    __tablename__ = "comments"
    __table_args__ = declared(comment_indexes)

    # None until the database assigns it on insert; typed `int` since every stored row has one.
    id: int = Field(default=None, primary_key=True)
    body: str = Field(sa_type=Text)
    article_id: int = Field(foreign_key="articles.id", ondelete="CASCADE")
    author_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


class NewComment(Incoming):
    body: str = Field(min_length=1, max_length=10_000)

    @field_validator("body")
    @classmethod
    def _not_blank(cls, body: str) -> str:
        if not body.strip():
            raise ValueError("can't be blank")
        return body


class CommentRead(BaseModel):
    """A plain pydantic model, as every answer is: see `Profile`."""

    id: int
    createdAt: Timestamp
    updatedAt: Timestamp
    body: str
    author: Profile


class NewCommentRequest(SQLModel):
    comment: NewComment


class CommentResponse(BaseModel):
    comment: CommentRead


class CommentListResponse(BaseModel):
    comments: list[CommentRead]
