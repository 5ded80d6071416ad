from labs.engine import Api, check, dig, expect, expect_status

from .follows import follow

BACKWARDS = "follow_stored_backwards"
CROSS_JOIN = "feed_joins_follows_without_the_author"


@check(points=2, task="Feed", rule="contract", catches=["follow_not_saved", BACKWARDS, CROSS_JOIN])
def test_feed_shows_followed_authors(api: Api) -> None:
    """GET /api/articles/feed shows the articles of the authors you follow."""
    reader, author = api.register(), api.register()
    follow(api, reader, author)
    slug = api.create_article(author)["slug"]
    reply = api.get("/api/articles/feed", token=reader.token)
    slugs = [a.get("slug") for a in dig(reply.body, "articles") or []]
    expect(
        reply.status == 200 and slug in slugs,
        reply,
        f"status 200 and the followed author's article {slug!r} in the feed",
        "the feed is the list of articles whose author the reader follows",
    )


@check(
    points=2,
    task="Feed",
    rule="contract",
    catches=["feed_shows_everyone", "follow_not_saved", BACKWARDS, CROSS_JOIN],
)
def test_feed_hides_authors_not_followed(api: Api) -> None:
    """The feed leaves out articles by authors you do not follow."""
    reader, author, stranger = api.register(), api.register(), api.register()
    follow(api, reader, author)
    api.create_article(author)
    slug = api.create_article(stranger)["slug"]
    reply = api.get("/api/articles/feed", token=reader.token)
    slugs = [a.get("slug") for a in dig(reply.body, "articles") or []]
    expect(
        reply.status == 200 and slug not in slugs and dig(reply.body, "articlesCount") == 1,
        reply,
        f'status 200, "articlesCount": 1, and not the stranger\'s article {slug!r}',
        "add the followed-by condition: an EXISTS over Follow for this reader",
    )


@check(
    points=2,
    task="Feed",
    rule="contract",
    catches=["feed_shows_everyone", "follow_not_saved", BACKWARDS, CROSS_JOIN],
)
def test_feed_pages_and_counts_each_article_once(api: Api) -> None:
    """Following two authors (three articles): the feed counts 3 and pages them, each once."""
    reader, first, second, stranger = (api.register() for _ in range(4))
    follow(api, reader, first)
    follow(api, reader, second)
    api.create_article(stranger)
    wanted = {api.create_article(author)["slug"] for author in (first, first, second)}
    pages, seen = ("limit=2&offset=0", "limit=2&offset=2"), []
    for page, size in zip(pages, (2, 1), strict=True):
        reply = api.get(f"/api/articles/feed?{page}", token=reader.token)
        expect_status(reply, 200, "the feed takes limit and offset like any list")
        slugs = [a.get("slug") for a in dig(reply.body, "articles") or []]
        expect(
            dig(reply.body, "articlesCount") == 3 and len(slugs) == size,
            reply,
            f'"articlesCount": 3 and {size} article(s) on this page',
            "one row per article: test 'the reader follows the author' with EXISTS, "
            "not by joining Follow without tying it to the article's author",
        )
        seen += slugs
    expect(
        sorted(seen) == sorted(wanted),
        reply,
        f"the two pages to hold exactly {sorted(wanted)}",
        "each followed article once, across pages, and none by authors not followed",
    )
