"""Timestamps: timezone-aware UTC in and out of every database, and written as the spec shows."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlmodel import col

from reference_app.database import Database
from reference_app.timestamps import UTCDateTime, to_json
from reference_app.users.models import User
from tests.reference_app.conftest import TIMESTAMP


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(datetime(2026, 1, 1, 10, 0, tzinfo=UTC), "2026-01-01T10:00:00.000Z", id="utc"),
        pytest.param(
            datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=timezone(timedelta(hours=2))),
            "2026-01-01T10:00:00.123Z",
            id="another-zone",
        ),
    ],
)
def test_a_timestamp_is_sent_in_utc_with_milliseconds(moment: datetime, expected: str) -> None:
    assert to_json(moment) == expected
    assert TIMESTAMP.match(to_json(moment))


def test_a_naive_datetime_is_refused_before_it_reaches_the_database() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        UTCDateTime().process_bind_param(datetime(2026, 1, 1), dialect=None)  # type: ignore[arg-type]


async def test_timestamps_come_back_aware_utc_and_to_the_microsecond(database: Database) -> None:
    """A database that drops the zone or the fraction of a second would break "newest first"."""
    await database.create_tables()
    written = datetime(2026, 3, 4, 7, 8, 9, 123456, tzinfo=timezone(timedelta(hours=-5)))
    async with database.session(write=True) as session:
        session.add(
            User(
                username="clock",
                email="clock@example.org",
                password_hash="x",
                created_at=written,
                updated_at=written,
            )
        )
        await session.commit()
    async with database.session(write=False) as session:
        read = (
            await session.execute(select(User).where(col(User.username) == "clock"))
        ).scalar_one()
    assert read.created_at.utcoffset() == timedelta(0), f"read back {read.created_at!r}"
    assert read.created_at == written
    assert read.created_at.microsecond == 123456
