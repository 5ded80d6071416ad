"""Articles, their tags and favorites: the tables, and the shapes a client sends and receives."""

from datetime import datetime

from pydantic import BaseModel, field_validator
from sqlalchemy import Index, Text
from sqlalchemy.dialects import mysql
from sqlmodel import Field, SQLModel

from reference_app.exact_text import exact_text
from reference_app.incoming import Incoming
from reference_app.indexes import declared
from reference_app.profiles.models import Profile
from reference_app.timestamps import Timestamp, UTCDateTime, utc_now

MAX_TAGS = 20
MAX_TAG_LENGTH = 64
MAX_BODY_LENGTH = 100_000
# MariaDB's TEXT holds 65,535 bytes, and a body may be 100,000 characters of up to 4 bytes each:
# MEDIUMTEXT (16 MiB) there. The other databases' TEXT has no such limit.
LONG_TEXT = Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb")


def article_indexes() -> tuple[Index, ...]:
    """Lists are "newest first" (`created_at`, then `id` for equal times): these indexes hold the
    articles in that order, all of them and each author's, so a page is read in order and the
    reading stops at its end, however many articles there are. No sort. The author's index
    also serves the foreign key (deleting a user finds their articles through it)."""
    # --- lab 09: article_indexes ---
    return (
        Index("ix_articles_created_at_id", "created_at", "id"),
        Index("ix_articles_author_id_created_at_id", "author_id", "created_at", "id"),
    )
    # --- end lab 09: article_indexes ---


class Article(SQLModel, table=True):
    __tablename__ = "articles"
    __table_args__ = declared(article_indexes)

    # None until the database assigns it on insert; typed `int` since every stored row has one.
    id: int = Field(default=None, primary_key=True)
    slug: str = Field(max_length=255, unique=True, sa_type=exact_text(255))
    title: str = Field(max_length=255)
    description: str = Field(sa_type=Text)
    body: str = Field(sa_type=LONG_TEXT)
    author_id: int = Field(foreign_key="users.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utc_now, sa_type=UTCDateTime)


def tag_indexes() -> tuple[Index, ...]:
    """Filtering by tag and listing all tags start from the tag: this index answers both from its
    own entries, the tag's articles included, without reading the table. (The key, article
    first, answers "the tags of these articles".)"""
    # --- lab 09: tag_indexes ---
    return (Index("ix_article_tags_tag_article_id", "tag", "article_id"),)
    # --- end lab 09: tag_indexes ---


class ArticleTag(SQLModel, table=True):
    __tablename__ = "article_tags"
    __table_args__ = declared(tag_indexes)

    article_id: int = Field(foreign_key="articles.id", primary_key=True, ondelete="CASCADE")
    # `Python` and `python` are two tags, on MariaDB too.
    tag: str = Field(
        max_length=MAX_TAG_LENGTH, primary_key=True, sa_type=exact_text(MAX_TAG_LENGTH)
    )


def favorite_indexes() -> tuple[Index, ...]:
    """Counting an article's favorites starts from the article, which the key (user first) cannot
    serve. (The key answers "the favorites of this user", the list `favorited=`.)"""
    # --- lab 09: favorite_indexes ---
    return (Index("ix_favorites_article_id", "article_id"),)
    # --- end lab 09: favorite_indexes ---


class Favorite(SQLModel, table=True):
    __tablename__ = "favorites"
    __table_args__ = declared(favorite_indexes)

    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    article_id: int = Field(foreign_key="articles.id", primary_key=True, ondelete="CASCADE")


def clean_tags(tags: list[str] | None) -> list[str] | None:
    """Trimmed, without blanks or repeats, sorted: the spec's `tagList` is always sorted."""
    if tags is None:
        return None
    cleaned = sorted({tag.strip() for tag in tags if tag.strip()})
    if len(cleaned) > MAX_TAGS:
        raise ValueError(f"can hold at most {MAX_TAGS} tags")
    if any(len(tag) > MAX_TAG_LENGTH for tag in cleaned):
        raise ValueError(f"tags can be at most {MAX_TAG_LENGTH} characters")
    return cleaned


class NewArticle(Incoming):
    title: str = Field(min_length=1, max_length=255)
    description: str = Field(min_length=1, max_length=10_000)
    body: str = Field(min_length=1, max_length=MAX_BODY_LENGTH)
    tagList: list[str] = Field(default_factory=list)

    @field_validator("title", "description", "body")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("can't be blank")
        return value

    @field_validator("tagList")
    @classmethod
    def _clean_tags(cls, tags: list[str]) -> list[str]:
        return clean_tags(tags) or []


class UpdateArticle(Incoming):
    """Every field optional: a client sends only what it changes."""

    title: str | None = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, min_length=1, max_length=10_000)
    body: str | None = Field(default=None, min_length=1, max_length=MAX_BODY_LENGTH)
    tagList: list[str] | None = None

    @field_validator("title", "description", "body")
    @classmethod
    def _not_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("can't be blank")
        return value

    @field_validator("tagList")
    @classmethod
    def _clean_tags(cls, tags: list[str] | None) -> list[str] | None:
        return clean_tags(tags)


class ArticleSummary(BaseModel):
    """An article as lists show it: everything but the body.

    Answers are plain pydantic models, not SQLModel ones: see `Profile`.
    """

    slug: str
    title: str
    description: str
    tagList: list[str]
    createdAt: Timestamp
    updatedAt: Timestamp
    favorited: bool
    favoritesCount: int
    author: Profile


class ArticleRead(ArticleSummary):
    body: str


class NewArticleRequest(SQLModel):
    article: NewArticle


class UpdateArticleRequest(SQLModel):
    article: UpdateArticle


class ArticleResponse(BaseModel):
    article: ArticleRead


class ArticleListResponse(BaseModel):
    articles: list[ArticleSummary]
    articlesCount: int


class TagsResponse(BaseModel):
    tags: list[str]
