"""Slugs: the readable, unique name of an article in its URL."""

import re
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from reference_app.articles.models import Article

MAX_SLUG_LENGTH = 80
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
