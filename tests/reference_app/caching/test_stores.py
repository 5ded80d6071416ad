"""The in-process store: bounded, least recently used first, entries living at most their TTL."""

from reference_app.caching.entries import Entry
from reference_app.caching.stores import MemoryStore


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def entry(text: str) -> Entry:
    return Entry.of(text.encode(), b"application/json")


async def test_an_entry_is_kept_until_its_time_to_live_has_passed() -> None:
    clock = Clock()
    store = MemoryStore(max_entries=10, ttl_seconds=60, clock=clock)
    await store.put("k", entry("a"))
    clock.now += 59.9
    assert await store.get("k") == entry("a")
    clock.now += 0.1
    assert await store.get("k") is None, "an entry at its TTL is gone"
    assert await store.evictions() == 0, "an expired entry is not counted as evicted"


async def test_the_least_recently_used_entry_is_evicted_first_and_counted() -> None:
    store = MemoryStore(max_entries=2, ttl_seconds=60, clock=Clock())
    await store.put("a", entry("a"))
    await store.put("b", entry("b"))
    assert await store.get("a") is not None  # now "b" is the least recently used
    await store.put("c", entry("c"))
    assert await store.get("b") is None, "the least recently used entry should go"
    assert await store.get("a") is not None
    assert await store.get("c") is not None
    assert len(store) == 2
    assert await store.evictions() == 1


async def test_versions_start_at_zero_and_each_bump_adds_one() -> None:
    store = MemoryStore(max_entries=2, ttl_seconds=60)
    assert await store.versions(["tags", "lists"]) == [0, 0]
    await store.bump(["tags"])
    await store.bump(["tags", "lists"])
    assert await store.versions(["tags", "lists", "article:x"]) == [2, 1, 0]


def test_an_entry_survives_the_bytes_a_shared_store_keeps() -> None:
    original = Entry.of(b'{"a":\n"multi-line"}', b"application/json")
    assert Entry.from_bytes(original.to_bytes()) == original
