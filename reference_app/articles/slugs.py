"""Slugs: the readable, unique name of an article in its URL."""

import re
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from reference_app.articles.models import Article
from reference_app.conflicts import Violation, taken_field, violation

MAX_SLUG_LENGTH = 80
INSERT_ATTEMPTS = 8
NOT_WORD = re.compile(r"[\W_]+")


def slugify(title: str) -> str:
    """`How to train your Dragon!` -> `how-to-train-your-dragon` (letters of any script kept)."""
    slug = NOT_WORD.sub("-", title.lower()).strip("-")[:MAX_SLUG_LENGTH].rstrip("-")
    return slug or "article"


async def unique_slug(session: AsyncSession, title: str) -> str:
    """The title's slug, with a random suffix when another article already has it."""
    base = slug = slugify(title)
    while await _taken(session, slug):
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


async def _taken(session: AsyncSession, slug: str) -> bool:
    query = select(col(Article.id)).where(col(Article.slug) == slug)
    return (await session.execute(query)).first() is not None


async def insert_with_unique_slug(session: AsyncSession, article: Article) -> None:
    """Insert a new article; if a concurrent request took its slug meanwhile, suffix it and retry.

    `unique_slug` only sees committed articles: fifty requests with one title all find the slug
    free, and on PostgreSQL and MariaDB all but one insert then break the unique index. Each
    try runs in a savepoint, so a taken slug undoes only that insert.
    """
    for attempt in range(1, INSERT_ATTEMPTS + 1):
        try:
            async with session.begin_nested():
                session.add(article)
            return
        except IntegrityError as error:
            slug_taken = violation(error) is Violation.UNIQUE and taken_field(error, ("slug",))
            if not slug_taken or attempt == INSERT_ATTEMPTS:
                raise
            article.slug = f"{slugify(article.title)}-{secrets.token_hex(3)}"
