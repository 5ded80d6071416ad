"""The response cache: a store (or none), its counters, and what a committed write forgets."""

import logging

from sqlalchemy.ext.asyncio import AsyncSession

from reference_app.caching.changes import stale_versions
from reference_app.caching.entries import Entry
from reference_app.caching.metrics import CacheCounters
from reference_app.caching.single_flight import SingleFlight
from reference_app.caching.stores import MemoryStore, Store
from reference_app.settings import Settings

logger = logging.getLogger(__name__)


class ResponseCache:
    """Anonymous answers kept in `store`; with no store, answers still carry their ETag."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.counters = CacheCounters()
        self.flight: SingleFlight[Entry] = SingleFlight()

    @property
    def enabled(self) -> bool:
        return self.store is not None

    async def forget_stale(self, session: AsyncSession) -> None:
        """Bump the versions a committed session's writes made stale."""
        stale = stale_versions(session.sync_session)
        if stale and self.store is not None:
            await self.store.bump(sorted(stale))

    async def evictions(self) -> int:
        return 0 if self.store is None else await self.store.evictions()

    async def close(self) -> None:
        if self.store is not None:
            await self.store.close()


def store_for(settings: Settings) -> Store | None:
    """Redis when REDIS_URL is set; in this process for one worker; none when turned off."""
    if not settings.response_cache_on:
        return None
    if settings.redis_url is not None:
        # Imported here: the redis client takes a twentieth of a second to import, which an
        # app without REDIS_URL (every check run, every single-worker server) need not pay.
        from reference_app.caching.redis_store import RedisStore

        url = settings.redis_url.get_secret_value()
        return RedisStore(url, settings.cache_ttl_seconds, settings.cache_key_prefix)
    if settings.workers > 1:
        # Each worker would keep its own versions, and a write served by one worker would
        # leave the others serving what it replaced.
        logger.warning(
            "response cache off: %d workers need a shared store (REDIS_URL)", settings.workers
        )
        return None
    return MemoryStore(settings.cache_max_entries, settings.cache_ttl_seconds)
