"""GET /metrics: the cache's hits, misses, hit ratio and evictions in the Prometheus format."""

import re

from litestar import Litestar
from litestar.testing import AsyncTestClient

from reference_app.caching.metrics import CacheCounters, prometheus_text
from tests.reference_app.conftest import sqlite_only

SAMPLE = re.compile(r'^[a-z_]+\{[a-z]+="[^"]*"(,[a-z]+="[^"]*")*\} -?[0-9.]+$')


def test_every_line_is_a_comment_or_a_sample_and_the_ratio_is_hits_over_reads() -> None:
    counters = CacheCounters()
    counters.hits["tags"] += 3
    counters.misses["tags"] += 1
    text = prometheus_text(counters, evictions=7, enabled=True)
    for line in text.splitlines():
        assert line.startswith("# HELP ") or line.startswith("# TYPE ") or SAMPLE.match(line), (
            f"not the Prometheus text format: {line!r}"
        )
    assert re.search(r'^conduit_cache_hit_ratio\{family="tags",pid="\d+"\} 0\.7500$', text, re.M)
    assert re.search(r'^conduit_cache_evictions_total\{pid="\d+"\} 7$', text, re.M)
    assert text.endswith("\n")


@sqlite_only
async def test_the_endpoint_counts_the_reads_it_served(
    app: Litestar, client: AsyncTestClient[Litestar]
) -> None:
    for _ in range(3):
        assert (await client.get("/api/tags")).status_code == 200
    answer = await client.get("/metrics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert re.search(r'^conduit_cache_hits_total\{family="tags",pid="\d+"\} 2$', answer.text, re.M)
    assert re.search(
        r'^conduit_cache_misses_total\{family="tags",pid="\d+"\} 1$', answer.text, re.M
    )
    assert re.search(r'^conduit_cache_enabled\{pid="\d+"\} 1$', answer.text, re.M)


@sqlite_only
async def test_the_endpoint_is_left_out_of_the_api_document(
    client: AsyncTestClient[Litestar],
) -> None:
    document = (await client.get("/docs/openapi.json")).json()
    assert "/metrics" not in document["paths"], "/metrics is for operators, not API clients"
