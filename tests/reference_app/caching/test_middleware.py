"""The cache at the route: ETags, 304s, Cache-Control, and who is served from the cache."""

import asyncio

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from reference_app.caching.entries import Entry
from reference_app.caching.stores import MemoryStore
from tests.reference_app.caching.conftest import cache
from tests.reference_app.conftest import Conduit, recorded_statements, sqlite_only

pytestmark = sqlite_only


async def _hits(app: Litestar) -> int:
    return sum(cache(app).counters.hits.values())


@pytest.mark.parametrize("path", ["/api/tags", "/api/articles", "/api/articles/{slug}"])
async def test_an_anonymous_read_is_tagged_and_answered_304_when_the_client_has_it(
    conduit: Conduit, client: AsyncTestClient[Litestar], path: str
) -> None:
    author = await conduit.register()
    article = await conduit.create_article(author, tagList=["python"])
    url = path.format(slug=article["slug"])
    first = await client.get(url)
    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-cache", "anonymous readers must revalidate"
    assert first.headers["vary"] == "Authorization"
    etag = first.headers["etag"]
    again = await client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304, f"GET {url} with its own ETag should be 304, not {again}"
    assert again.content == b"", "a 304 has no body"
    assert again.headers["etag"] == etag
    other = await client.get(url, headers={"If-None-Match": '"an-older-version"'})
    assert other.status_code == 200
    assert other.json() == first.json()


async def test_a_signed_in_read_is_private_and_never_served_from_the_cache(
    app: Litestar, conduit: Conduit, client: AsyncTestClient[Litestar]
) -> None:
    author, fan, other = [await conduit.register() for _ in range(3)]
    article = await conduit.create_article(author)
    await conduit.favorite(fan, article["slug"])
    url = f"/api/articles/{article['slug']}"
    assert (await conduit.article(article["slug"]))["favorited"] is False  # cached anonymously
    hits = await _hits(app)
    for viewer, favorited in ((fan, True), (other, False), (fan, True)):
        answer = await client.get(url, headers=viewer.headers)
        assert answer.json()["article"]["favorited"] is favorited, (
            f"{viewer.username} was served another reader's answer"
        )
        assert answer.headers["cache-control"] == "private, no-cache"
        assert answer.headers["vary"] == "Authorization"
    assert await _hits(app) == hits, "no signed-in read may come from the cache"
    private = await client.get(url, headers=fan.headers)
    revalidated = await client.get(
        url, headers={**fan.headers, "If-None-Match": private.headers["etag"]}
    )
    assert revalidated.status_code == 304, "signed-in answers are validated too"


async def test_the_second_anonymous_read_is_a_hit_that_sends_no_query(
    app: Litestar, conduit: Conduit, client: AsyncTestClient[Litestar]
) -> None:
    author = await conduit.register()
    await conduit.create_article(author, tagList=["python"])
    first = await client.get("/api/articles")
    with recorded_statements(app) as statements:
        second = await client.get("/api/articles")
    assert second.json() == first.json()
    assert second.headers["etag"] == first.headers["etag"]
    assert statements == [], f"a hit should not query the database, it sent {statements}"


async def test_errors_are_not_cached(
    app: Litestar, conduit: Conduit, client: AsyncTestClient[Litestar]
) -> None:
    assert (await client.get("/api/articles/not-yet")).status_code == 404
    assert (await client.get("/api/articles?limit=0")).status_code in (400, 422)
    assert cache(app).counters.hits["article"] == 0
    author = await conduit.register()
    article = await conduit.create_article(author, title="Not yet")
    assert article["slug"] == "not-yet"
    assert (await client.get("/api/articles/not-yet")).status_code == 200


async def test_a_cold_key_read_by_many_at_once_is_computed_once(
    app: Litestar,
    conduit: Conduit,
    racing_client: httpx.AsyncClient,
    store_kind: str,
) -> None:
    if store_kind != "memory":
        pytest.skip("the gate below wraps the in-process store")
    readers = 20
    cache(app).store = GatedStore(readers)
    author = await conduit.register()
    await conduit.create_article(author, tagList=["python", "sql"])
    with recorded_statements(app) as statements:
        answers = await asyncio.gather(*(racing_client.get("/api/tags") for _ in range(readers)))
    assert {answer.status_code for answer in answers} == {200}
    assert {answer.text for answer in answers} == {'{"tags":["python","sql"]}'}
    computed = [s for s in statements if "article_tags" in s]
    assert len(computed) == 1, f"{readers} readers of a cold key ran {len(computed)} queries"
    assert cache(app).counters.shared["tags"] == readers - 1


class GatedStore(MemoryStore):
    """Holds the first answer back until every reader has looked for it and missed."""

    def __init__(self, readers: int) -> None:
        super().__init__(max_entries=100, ttl_seconds=300)
        self.readers = readers
        self.missed = 0
        self.all_missed: asyncio.Event | None = None  # made on the app's event loop

    async def get(self, key: str) -> Entry | None:
        self.all_missed = self.all_missed or asyncio.Event()
        found = await super().get(key)
        self.missed += found is None
        if self.missed == self.readers:
            self.all_missed.set()
        return found

    async def put(self, key: str, entry: Entry) -> None:
        assert self.all_missed is not None
        await self.all_missed.wait()
        await super().put(key, entry)


async def test_until_its_regions_are_written_a_marked_route_is_answered_uncached(
    app: Litestar,
    conduit: Conduit,
    client: AsyncTestClient[Litestar],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The course's starter raises NotImplementedError in lab 08's regions: the app still
    answers, as if it had no cache (untagged, nothing kept)."""
    from reference_app.caching import etags, middleware

    author = await conduit.register()
    article = await conduit.create_article(author)
    url = f"/api/articles/{article['slug']}"
    expected = (await client.get(url, headers=author.headers)).json()["article"]

    def not_written(*_args: object, **_kwargs: object) -> None:
        raise NotImplementedError("lab 08: not written yet")

    for module, name in ((middleware, "_request_headers"), (etags, "_opaque")):
        with monkeypatch.context() as patched:
            patched.setattr(module, name, not_written)
            hits = await _hits(app)
            for if_none_match in ("", '"x"', '"x"'):
                headers = {"If-None-Match": if_none_match} if if_none_match else {}
                answer = await client.get(url, headers=headers)
                assert answer.status_code == 200, (name, answer.text)
                assert answer.json()["article"]["slug"] == expected["slug"]
            if name == "_request_headers":
                assert "etag" not in answer.headers, "the handler's own answer, untagged"
                assert await _hits(app) == hits, "nothing read from the cache"
