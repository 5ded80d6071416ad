"""Where cached responses and the versions of what they show are kept: the in-process store.

A cached response is filed under the versions of the data it shows (see `families.py`). A write
makes data stale by bumping its version, never by deleting entries: an old entry is then simply
never asked for again, and ages out of the store (least recently used first, or at its TTL).
"""

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from reference_app.caching.entries import Entry


class Store(Protocol):
    """What the cache needs of a store; `MemoryStore` and `RedisStore` provide it."""

    async def get(self, key: str) -> Entry | None: ...

    async def put(self, key: str, entry: Entry) -> None: ...

    async def versions(self, names: Sequence[str]) -> list[int]: ...

    async def bump(self, names: Iterable[str]) -> None: ...

    async def evictions(self) -> int:
        """Entries dropped to make room (not those that expired) since the store began."""
        ...

    async def close(self) -> None: ...


class MemoryStore:
    """A bounded least-recently-used store with a time to live, in this process only.

    Its versions live in this process too: a write served by another worker would not reach
    them. So it serves one worker; several workers share a `RedisStore`.
    """

    def __init__(
        self,
        max_entries: int,
        ttl_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_entries = max_entries
        self.ttl_seconds = ttl_seconds
        self._clock = clock
        # Key -> (expiry time, entry), least recently used first.
        self._entries: OrderedDict[str, tuple[float, Entry]] = OrderedDict()
        self._versions: dict[str, int] = {}
        self._evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    async def get(self, key: str) -> Entry | None:
        kept = self._entries.get(key)
        if kept is None:
            return None
        expires, entry = kept
        if expires <= self._clock():
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return entry

    async def put(self, key: str, entry: Entry) -> None:
        self._entries[key] = (self._clock() + self.ttl_seconds, entry)
        self._entries.move_to_end(key)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)
            self._evictions += 1

    async def versions(self, names: Sequence[str]) -> list[int]:
        return [self._versions.get(name, 0) for name in names]

    async def bump(self, names: Iterable[str]) -> None:
        for name in names:
            self._versions[name] = self._versions.get(name, 0) + 1

    async def evictions(self) -> int:
        return self._evictions

    async def close(self) -> None:
        self._entries.clear()
