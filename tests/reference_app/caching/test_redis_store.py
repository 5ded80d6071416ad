"""The store shared by workers, against the Redis of this machine (skipped when it is not up)."""

import redis

from reference_app.caching.entries import Entry
from reference_app.caching.redis_store import RedisStore
from tests.reference_app.caching.conftest import REDIS_URL


async def test_entries_round_trip_and_are_written_with_their_ttl(redis_prefix: str) -> None:
    store = RedisStore(REDIS_URL, ttl_seconds=300, prefix=redis_prefix)
    try:
        kept = Entry.of(b'{"tags":["a"]}', b"application/json")
        assert await store.get("k") is None
        await store.put("k", kept)
        assert await store.get("k") == kept
    finally:
        await store.close()
    ttl_ms = redis.Redis.from_url(REDIS_URL).pttl(f"{redis_prefix}entry:k")
    assert 0 < ttl_ms <= 300_000, f"the entry should expire within its TTL, PTTL is {ttl_ms}"


async def test_versions_are_shared_by_every_client_of_the_same_redis(redis_prefix: str) -> None:
    one, other = (RedisStore(REDIS_URL, ttl_seconds=300, prefix=redis_prefix) for _ in range(2))
    try:
        assert await one.versions(["tags", "lists"]) == [0, 0]
        await one.bump(["tags", "lists"])
        await other.bump(["tags"])
        assert await other.versions(["tags", "lists"]) == [2, 1]
        assert await one.versions(["tags", "lists"]) == [2, 1]
        assert await one.evictions() >= 0
    finally:
        await one.close()
        await other.close()
