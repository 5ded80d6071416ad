"""Text columns compared byte by byte on every database.

MariaDB and MySQL compare text by a case-insensitive collation by default, so that `Alice` and
`alice` would be one username there and two on SQLite and PostgreSQL. Columns that identify
something (usernames, emails, slugs, tags) use a binary collation there, to agree everywhere.
"""

from sqlalchemy import String
from sqlalchemy.dialects import mysql
from sqlalchemy.types import TypeEngine


def exact_text(length: int) -> TypeEngine[str]:
    """A VARCHAR(`length`) that is equal only to the same characters, whatever the database."""
    return String(length).with_variant(
        mysql.VARCHAR(length, collation="utf8mb4_bin"), "mysql", "mariadb"
    )
