"""The cache's counters, and the Prometheus text format they are read in at GET /metrics.

Each worker counts its own requests: a scrape through a load balancer reaches one worker, so
with several workers each is scraped on its own address (or the counts are summed across
scrapes by the `pid` label, which keeps the workers apart).
"""

import os
from collections import Counter
from dataclasses import dataclass, field

from litestar import Response, get
from litestar.datastructures import State

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass
class CacheCounters:
    hits: Counter[str] = field(default_factory=Counter)
    misses: Counter[str] = field(default_factory=Counter)
    # Requests that waited for another request's work on the same cold key (single flight).
    shared: Counter[str] = field(default_factory=Counter)
    not_modified: Counter[str] = field(default_factory=Counter)

    def hit_ratio(self, family: str) -> float:
        served = self.hits[family] + self.misses[family]
        return self.hits[family] / served if served else 0.0


def prometheus_text(counters: CacheCounters, evictions: int, *, enabled: bool) -> str:
    """The counters in the Prometheus exposition format (text, version 0.0.4)."""
    pid = os.getpid()
    families = sorted({*counters.hits, *counters.misses})
    lines = [
        "# HELP conduit_cache_enabled Whether anonymous reads are cached (1) or not (0).",
        "# TYPE conduit_cache_enabled gauge",
        f'conduit_cache_enabled{{pid="{pid}"}} {int(enabled)}',
        "# HELP conduit_cache_evictions_total Entries dropped to make room.",
        "# TYPE conduit_cache_evictions_total counter",
        f'conduit_cache_evictions_total{{pid="{pid}"}} {evictions}',
    ]
    for name, help_text, counter in (
        ("hits", "Anonymous reads answered from the cache.", counters.hits),
        ("misses", "Anonymous reads that ran the handler.", counters.misses),
        ("shared", "Misses that waited for another request's result.", counters.shared),
        ("not_modified", "Reads answered 304 Not Modified.", counters.not_modified),
    ):
        lines += [
            f"# HELP conduit_cache_{name}_total {help_text}",
            f"# TYPE conduit_cache_{name}_total counter",
            *(
                f'conduit_cache_{name}_total{{family="{family}",pid="{pid}"}} {counter[family]}'
                for family in families
            ),
        ]
    lines += [
        "# HELP conduit_cache_hit_ratio Hits over hits and misses since the worker started.",
        "# TYPE conduit_cache_hit_ratio gauge",
        *(
            f'conduit_cache_hit_ratio{{family="{family}",pid="{pid}"}} '
            f"{counters.hit_ratio(family):.4f}"
            for family in families
        ),
    ]
    return "\n".join(lines) + "\n"


# Not in the OpenAPI document: it is for the operators' monitoring, not part of the Conduit API
# that clients are written against (and the RealWorld specification does not have it).
@get("/metrics", include_in_schema=False, media_type=CONTENT_TYPE)
async def metrics(state: State) -> Response[str]:
    cache = state.response_cache
    text = prometheus_text(cache.counters, await cache.evictions(), enabled=cache.enabled)
    return Response(text, media_type=CONTENT_TYPE)
