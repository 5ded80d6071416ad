"""One computation per key at a time: when a popular entry is missing, one request fills it.

Without it, the moment a hot entry goes stale every request for it misses together and runs
the same queries (a stampede, or "dog-pile"). Here the first request for a key (the leader)
runs; those that arrive while it runs wait for its result instead of running themselves.

This holds within one process. With several workers sharing Redis, a cold key is computed at
most once per worker: a lock in Redis would cut that to once, at the price of a round trip on
every miss and of deciding what happens when the lock holder dies. A few workers' worth of
duplicates is a bounded cost; the stampede of every waiting request is what this prevents.
"""

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class SingleFlight(Generic[T]):
    def __init__(self) -> None:
        self._running: dict[str, asyncio.Future[T | None]] = {}

    async def run(self, key: str, work: Callable[[], Awaitable[T | None]]) -> tuple[T | None, bool]:
        """The result of `work` for this key, and whether this call ran it (was the leader).

        A follower gets None when the leader's work gave none or failed: it then does the work
        itself rather than share an error (the leader's client may simply have gone away).
        """
        running = self._running.get(key)
        if running is not None:
            # shield: a follower whose client leaves must not cancel the leader's work.
            return await asyncio.shield(running), False
        future: asyncio.Future[T | None] = asyncio.get_running_loop().create_future()
        self._running[key] = future
        try:
            result = await work()
        except BaseException:
            future.set_result(None)
            raise
        finally:
            del self._running[key]
        future.set_result(result)
        return result, True

    def __len__(self) -> int:
        return len(self._running)
