"""What sessions need from the settings, and the clock they read (tests bring their own)."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from reference_app.settings import Settings
from reference_app.timestamps import utc_now


@dataclass(frozen=True, slots=True)
class SessionConfig:
    access_lifetime: timedelta = timedelta(minutes=15)
    refresh_lifetime: timedelta = timedelta(days=14)
    session_lifetime: timedelta = timedelta(days=30)
    # Every "now" of sessions comes from here, so a test moves time instead of waiting.
    clock: Callable[[], datetime] = field(default=utc_now, compare=False)


def session_config(settings: Settings) -> SessionConfig:
    return SessionConfig(
        access_lifetime=timedelta(minutes=settings.access_token_lifetime_minutes),
        refresh_lifetime=timedelta(days=settings.refresh_token_lifetime_days),
        session_lifetime=timedelta(days=settings.session_lifetime_days),
    )
