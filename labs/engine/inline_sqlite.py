"""An in-process app's SQLite calls, run on its event loop's thread wherever none can wait.

aiosqlite hands every call of a connection (a statement, a fetch, a commit) to a thread of its
own and the result back to the event loop: about 0.1 ms a call on a 2-core machine, some twenty
calls a request, a third of the time `course check` spent waiting for answers. Nothing the checks
look at depends on that thread. It matters in one case only: a call that waits for a lock another
connection holds must wait off the loop, or the loop (which alone can finish that connection's
transaction) waits with it, for the whole busy timeout.

So, once `install`ed, a call runs directly on the loop's thread when no other connection of the
process is inside a transaction or has a call under way, and on the connection's own thread,
exactly as aiosqlite does, otherwise. Either way the call first yields to the event loop, as
waiting for the thread did, so that an app's concurrent tasks still interleave at each call.
"""

import asyncio
import sqlite3
import threading
import weakref
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from aiosqlite.core import Connection

# What aiosqlite does with a call: queue it for the connection's thread and await its result.
_on_its_thread: Callable[..., Awaitable[Any]] = Connection._execute
_open: "weakref.WeakSet[Connection]" = weakref.WeakSet()
_under_way: "weakref.WeakKeyDictionary[Connection, int]" = weakref.WeakKeyDictionary()
_thread_bound: "weakref.WeakSet[Connection]" = weakref.WeakSet()  # opened with check_same_thread
_counting = threading.Lock()  # calls under way are counted down on their thread
runs: Counter[str] = Counter()  # calls run "inline" and "threaded": how a test sees which


def install() -> bool:
    """Run aiosqlite calls inline where safe from now on, in this process; False if this
    aiosqlite is not the one this was written for (then every call keeps its thread)."""
    if not asyncio.iscoroutinefunction(_on_its_thread):
        return False
    Connection._execute = _execute  # type: ignore[method-assign]
    return True


def uninstall() -> None:
    """Every call on its connection's thread again, as aiosqlite does (benchmarks compare)."""
    Connection._execute = _on_its_thread  # type: ignore[method-assign,assignment]


async def _execute(self: Connection, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    await asyncio.sleep(0)  # a point where other tasks run, as waiting for the thread was
    if getattr(self, "_running", None) is not True or getattr(self, "_connection", None) is None:
        return await _on_its_thread(self, fn, *args, **kwargs)  # closed: aiosqlite says so
    _open.add(self)
    if _nothing_can_wait(self, fn):
        try:
            result = fn(*args, **kwargs)
        except sqlite3.ProgrammingError as error:
            # Refused before it ran: this connection may be used on its own thread only.
            if "thread" not in str(error):
                raise
            _thread_bound.add(self)
        else:
            runs["inline"] += 1
            return result
    runs["threaded"] += 1
    with _counting:
        _under_way[self] = _under_way.get(self, 0) + 1

    def counted() -> Any:
        # Counted down on the thread when it ends, not when its caller stops waiting (a
        # cancelled request): until then it may hold a lock.
        try:
            return fn(*args, **kwargs)
        finally:
            with _counting:
                _under_way[self] -= 1

    return await _on_its_thread(self, counted)


def _nothing_can_wait(connection: Connection, fn: Callable[..., Any]) -> bool:
    """Whether `fn`, a call of `connection`, can run now without waiting for any lock."""
    if connection in _thread_bound:
        return False
    # Only SQLite's own calls: anything else aiosqlite runs (a dump, a backup) keeps its thread.
    if not isinstance(getattr(fn, "__self__", None), (sqlite3.Connection, sqlite3.Cursor)):
        return False
    for other in list(_open):
        if _under_way.get(other, 0):
            return False  # a call under way: this one must come after it, or it may hold a lock
        theirs = getattr(other, "_connection", None)
        if other is not connection and theirs is not None and theirs.in_transaction:
            return False
    return True
