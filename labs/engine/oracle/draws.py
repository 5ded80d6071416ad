"""What the oracle's random draws depend on: its seed, and nothing else of the process.

Hypothesis (6.131 and later) now and then draws, instead of a random value, a constant found in
the source of the "local" modules the process has imported (those outside site-packages and
the standard library). Which those are changes with what ran before in the process (the test
suite's order under xdist, a lazily imported module) and with the learner's own code, loaded
in-process: the same seed then drew other requests, and a recorded run could not be replayed.
During the oracle's runs that pool is empty. It is Hypothesis' internal API, so this only
patches what it finds; tests/labs/engine/oracle/test_run.py proves the draws stay put.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def from_the_seed_alone() -> Iterator[None]:
    """While inside, Hypothesis draws no constant from the modules this process has loaded."""
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # pragma: no cover - a Hypothesis without the pool
        yield
        return
    found = getattr(providers, "_get_local_constants", None)
    cache: Any = getattr(providers, "CONSTANTS_CACHE", None)
    if found is None:  # pragma: no cover - a Hypothesis without the pool
        yield
        return
    providers._get_local_constants = Constants  # an empty pool, made afresh
    if cache is not None:
        cache.cache.clear()  # pools already chosen per kind of draw are chosen again
    try:
        yield
    finally:
        providers._get_local_constants = found
        if cache is not None:
            cache.cache.clear()
