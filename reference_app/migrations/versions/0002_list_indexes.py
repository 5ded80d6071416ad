"""The indexes the lists are read through.

Articles newest first (all, and each author's), a tag's articles, an article's favorites and
its comments in order. (The first paragraph is one line: Alembic logs it as the revision's name.)

A database made at the first release by `create_all` holds them already: only what it lacks is
made, so that it ends at this revision like a new one.

Revision ID: 0002
Revises: 0001
Created: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("articles", "article_tags", "favorites", "comments")


def _create_index(name: str, table: str, columns: list[str]) -> None:
    if name not in {index["name"] for index in sa.inspect(op.get_bind()).get_indexes(table)}:
        op.create_index(name, table, columns)


def upgrade() -> None:
    # --- lab 09: index_migration ---
    _create_index("ix_articles_created_at_id", "articles", ["created_at", "id"])
    _create_index(
        "ix_articles_author_id_created_at_id", "articles", ["author_id", "created_at", "id"]
    )
    _create_index("ix_article_tags_tag_article_id", "article_tags", ["tag", "article_id"])
    _create_index("ix_favorites_article_id", "favorites", ["article_id"])
    _create_index(
        "ix_comments_article_id_created_at_id", "comments", ["article_id", "created_at", "id"]
    )
    # --- end lab 09: index_migration ---


def downgrade() -> None:
    # The first release made no other index on these tables than their keys and unique columns:
    # every other one came with this revision, whatever it was named.
    inspector = sa.inspect(op.get_bind())
    for table in TABLES:
        for index in inspector.get_indexes(table):
            if not index["unique"] and index["name"]:
                op.drop_index(index["name"], table_name=table)
