"""Response caching for anonymous reads, with ETags and invalidation by versions.

- `families`: what a cached answer shows, as versions; `cached(...)` marks a route.
- `changes`: which versions a session's writes make stale.
- `middleware`: serves hits, fills misses one request at a time, answers 304.
- `stores` (in process) and `redis_store` (shared by workers); `metrics` at GET /metrics.
"""

from reference_app.caching.cache import ResponseCache
from reference_app.caching.families import ARTICLE, LISTS, TAGS, cached
from reference_app.caching.plugin import ResponseCaching

__all__ = ["ARTICLE", "LISTS", "TAGS", "ResponseCache", "ResponseCaching", "cached"]
