"""Timestamps: always timezone-aware, stored as UTC, sent as `2026-01-01T10:00:00.000Z`."""

from datetime import UTC, datetime
from typing import Annotated, Any

from pydantic import PlainSerializer
from sqlalchemy import DateTime
from sqlalchemy.dialects import mysql
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


def utc_now() -> datetime:
    return datetime.now(UTC)


def to_json(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# A datetime field of a response schema, written the way the RealWorld spec shows it.
Timestamp = Annotated[datetime, PlainSerializer(to_json, return_type=str)]


class UTCDateTime(TypeDecorator[datetime]):
    """A column type: aware datetimes in, aware datetimes out, UTC with microseconds stored."""

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        # MariaDB's plain DATETIME drops fractions of a second, which breaks "newest first".
        if dialect.name in {"mysql", "mariadb"}:
            return dialect.type_descriptor(mysql.DATETIME(fsp=6))
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)
