from labs.engine import Api, CheckFailed, check, dig, fresh

from .reads import CACHED, expect_ok, hits, new_tag, publish, read

TASK = "Cached reads"


@check(
    points=3,
    task=TASK,
    rule="course",
    catches=["every_read_treated_as_signed_in"],
)
def test_a_repeated_anonymous_read_is_answered_from_the_cache(api: Api) -> None:
    """Read twice anonymously, an article, a list and the tags are answered from the cache the
    second time (a hit in GET /metrics)."""
    author = api.register()
    tag = new_tag()
    slug = publish(api, author, tags=[tag])
    for family, path in (
        ("article", f"/api/articles/{slug}"),
        ("lists", f"/api/articles?tag={tag}"),
        ("tags", "/api/tags"),
    ):
        first = read(api, path)
        expect_ok(first, "an article published", "an anonymous read answers 200")
        before = hits(api, family)
        second = read(api, path, if_none_match=first.headers.get("etag", ""))
        after = hits(api, family)
        if after <= before:
            raise CheckFailed(
                f"GET {path} twice anonymously (the second with its ETag), no write between",
                f'the second a hit: conduit_cache_hits_total{{family="{family}"}} grows',
                f"{second.status}; hits {before} before it, {after} after",
                "an anonymous read is looked up under entry_key(family, versions, path, query): "
                "the same read, the same data, the same key (read_request: only a token makes "
                "a reader signed in)",
            )


@check(
    after=[CACHED],
    points=3,
    task=TASK,
    rule="course",
    catches=["key_ignores_the_query", "every_read_treated_as_signed_in"],
)
def test_each_page_and_filter_of_a_list_is_cached_apart(api: Api) -> None:
    """Anonymous lists by tag, by author and page by page are each their own answer, read
    once and read again from the cache."""
    author, other = api.register(), api.register()
    tag = new_tag()
    older = publish(api, author, tags=[tag])
    newer = publish(api, author, tags=[tag])
    others = publish(api, other, tags=[new_tag()])
    expected = {
        f"/api/articles?tag={tag}&limit=1&offset=0": [newer],
        f"/api/articles?tag={tag}&limit=1&offset=1": [older],
        f"/api/articles?author={author.username}": [newer, older],
        f"/api/articles?author={other.username}": [others],
    }
    for _round in range(2):
        for path, wanted in expected.items():
            reply = read(api, path)
            got = [article.get("slug") for article in dig(reply.body, "articles") or []]
            if reply.status != 200 or got != wanted:
                raise CheckFailed(
                    f"3 articles published; every list below read anonymously; then "
                    f"{reply.request_line()}",
                    f"200 with the articles {wanted}",
                    f"{reply.status}, articles {got}",
                    "entry_key: the query (filters, limit, offset) is part of which answer it "
                    "is: query.decode('latin-1') in the key",
                )
    # One article's slug is the other's and a letter: the query of a read of the shorter one
    # must not run into the path of the longer one's key.
    title = fresh("Prefix ")
    short, long_ = publish(api, author, title=title), publish(api, author, title=title + "q")
    read(api, f"/api/articles/{long_}")
    reply = read(api, f"/api/articles/{short}?q")
    if dig(reply.body, "article", "slug") != short:
        raise CheckFailed(
            f"articles {short} and {long_} published, {long_} read anonymously; then "
            f"{reply.request_line()}",
            f"200 with the article {short}",
            reply.summary(),
            "entry_key: keep the path and the query apart in the key (a '?' between them)",
        )


@check(
    points=3,
    task=TASK,
    rule="contract",
    # A cache that does not cache is never stale: these are checked once it does.
    after=[CACHED],
    catches=["authorization_never_read", "every_read_treated_as_signed_in"],
)
def test_a_signed_in_read_is_never_served_from_an_anonymous_entry(api: Api) -> None:
    """A signed-in reader sees their own `following` and `favorited`, even right after the
    same article was read and cached anonymously; an anonymous reader then still sees false."""
    author, reader = api.register(), api.register()
    path = f"/api/articles/{publish(api, author)}"
    expect_ok(read(api, path), "an article published", "an anonymous read answers 200")
    read(api, path)  # now surely cached
    follow = api.post(f"/api/profiles/{author.username}/follow", token=reader.token)
    expect_ok(follow, "a user registered", "following must work first")
    mine = read(api, path, token=reader.token)
    theirs = read(api, path)
    for reply, who, expected in ((mine, reader.username, True), (theirs, "anonymous", False)):
        following = dig(reply.body, "article", "author", "following")
        if reply.status != 200 or following is not expected:
            raise CheckFailed(
                f"GET {path} anonymously (cached); {reader.username} follows its author; then "
                f"{reply.request_line()} as {who}",
                f'200 with "following": {str(expected).lower()}',
                reply.summary(),
                "read_request: a request with an Authorization header is signed in, and a "
                "signed-in read runs the handler, never the anonymous entry (nor fills it)",
            )
