"""The tables and indexes of the first release.

Its first paragraph is one line: Alembic logs it as the revision's name. The indexes the lists
are read through come with the next revision, 0002.

A database made before migrations existed (by `create_all`) already holds some of these: only
what it lacks is made, so that it ends at this revision like a new one.

Revision ID: 0001
Revises:
Created: 2026-12-03
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import mysql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The column types as they were at this revision, written out rather than imported from the app,
# whose types may change later: a migration must always make what it made the day it was written.
# Microseconds on MariaDB, whose plain DATETIME drops them (and with them "newest first").
TIMESTAMP = sa.DateTime().with_variant(mysql.DATETIME(fsp=6), "mysql", "mariadb")
LONG_TEXT = sa.Text().with_variant(mysql.MEDIUMTEXT(), "mysql", "mariadb")


def exact(length: int) -> sa.types.TypeEngine[str]:
    """Text compared byte by byte, also on MariaDB (whose default collation ignores case)."""
    return sa.String(length).with_variant(
        mysql.VARCHAR(length, collation="utf8mb4_bin"), "mysql", "mariadb"
    )


def _create_table(name: str, *columns: sa.schema.SchemaItem) -> None:
    if not sa.inspect(op.get_bind()).has_table(name):
        op.create_table(name, *columns)


def _create_index(name: str, table: str, columns: list[str], *, unique: bool = False) -> None:
    if name not in {index["name"] for index in sa.inspect(op.get_bind()).get_indexes(table)}:
        op.create_index(name, table, columns, unique=unique)


def _cascade(column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint([column], [target], ondelete="CASCADE")


def upgrade() -> None:
    _create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("uid", sa.String(32), nullable=False),
        sa.Column("username", exact(64), nullable=False, unique=True),
        sa.Column("email_index", sa.String(64), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),  # sealed (see reference_app/encryption)
        sa.Column("password_hash", sa.String(128), nullable=False),
        sa.Column("bio", sa.Text(), nullable=False),  # sealed
        sa.Column("image", sa.String(1000), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
    )
    _create_index("ix_users_email_index", "users", ["email_index"], unique=True)
    _create_index("ix_users_uid", "users", ["uid"], unique=True)

    _create_table(
        "articles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", exact(255), nullable=False, unique=True),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("body", LONG_TEXT, nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        _cascade("author_id", "users.id"),
    )

    _create_table(
        "article_tags",
        sa.Column("article_id", sa.Integer(), primary_key=True),
        sa.Column("tag", exact(64), primary_key=True),
        _cascade("article_id", "articles.id"),
    )

    _create_table(
        "favorites",
        sa.Column("user_id", sa.Integer(), primary_key=True),
        sa.Column("article_id", sa.Integer(), primary_key=True),
        _cascade("user_id", "users.id"),
        _cascade("article_id", "articles.id"),
    )

    _create_table(
        "follows",
        sa.Column("follower_id", sa.Integer(), primary_key=True),
        sa.Column("followee_id", sa.Integer(), primary_key=True),
        _cascade("follower_id", "users.id"),
        _cascade("followee_id", "users.id"),
    )
    _create_index("ix_follows_followee_id", "follows", ["followee_id"])

    _create_table(
        "comments",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        _cascade("article_id", "articles.id"),
        _cascade("author_id", "users.id"),
    )

    _create_table(
        "sessions",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.Column("revoked_because", sa.String(32), nullable=False),
        _cascade("user_id", "users.id"),
    )
    _create_index("ix_sessions_user_id", "sessions", ["user_id"])

    _create_table(
        "refresh_tokens",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("session_id", sa.String(32), nullable=False),
        sa.Column("issued_at", TIMESTAMP, nullable=False),
        sa.Column("expires_at", TIMESTAMP, nullable=False),
        sa.Column("used_at", TIMESTAMP, nullable=True),
        _cascade("session_id", "sessions.id"),
    )
    _create_index("ix_refresh_tokens_token_hash", "refresh_tokens", ["token_hash"], unique=True)
    _create_index("ix_refresh_tokens_session_id", "refresh_tokens", ["session_id"])

    _create_table(
        "token_cutoffs",
        sa.Column("user_id", sa.Integer(), primary_key=True),
        sa.Column("not_before", TIMESTAMP, nullable=False),
        _cascade("user_id", "users.id"),
    )


def downgrade() -> None:
    for table in (
        "token_cutoffs",
        "refresh_tokens",
        "sessions",
        "comments",
        "follows",
        "favorites",
        "article_tags",
        "articles",
        "users",
    ):
        op.drop_table(table)  # its indexes go with it
