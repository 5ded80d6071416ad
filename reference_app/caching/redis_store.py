"""The store shared by every worker: Redis.

Entries expire at their TTL; versions never expire. Run this Redis as a cache: without
persistence, and with `maxmemory-policy volatile-lru`, which evicts only keys that have a TTL.
Under `allkeys-lru` Redis could evict a version: it would read as 0 again, and entries filed
under an old 0 would come back to life.
"""

from collections.abc import Iterable, Sequence
from typing import cast

import redis.asyncio as redis

from reference_app.caching.entries import Entry

PREFIX = "conduit:cache:"


class RedisStore:
    def __init__(self, url: str, ttl_seconds: float, prefix: str = PREFIX) -> None:
        # The client opens its connections on first use, on the loop that serves the app.
        self._redis = redis.Redis.from_url(url)
        self._ttl_ms = int(ttl_seconds * 1000)
        self.prefix = prefix

    async def get(self, key: str) -> Entry | None:
        # The client is made without decode_responses: values come back as bytes.
        data = cast(bytes | None, await self._redis.get(f"{self.prefix}entry:{key}"))
        return None if data is None else Entry.from_bytes(data)

    async def put(self, key: str, entry: Entry) -> None:
        await self._redis.set(f"{self.prefix}entry:{key}", entry.to_bytes(), px=self._ttl_ms)

    async def versions(self, names: Sequence[str]) -> list[int]:
        values = await self._redis.mget([f"{self.prefix}version:{name}" for name in names])
        return [int(value or 0) for value in values]

    async def bump(self, names: Iterable[str]) -> None:
        # INCR is atomic in Redis: two workers bumping at once both count.
        async with self._redis.pipeline(transaction=False) as pipeline:
            for name in names:
                pipeline.incr(f"{self.prefix}version:{name}")
            await pipeline.execute()

    async def evictions(self) -> int:
        """Keys Redis evicted for memory: all its keys, not only ours, if it is shared."""
        stats = await self._redis.info("stats")
        return int(stats["evicted_keys"])

    async def close(self) -> None:
        await self._redis.aclose()
