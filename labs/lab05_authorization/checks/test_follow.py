from labs.engine import Account, Api, check, dig, expect, expect_status


def _follow(api: Api, follower: Account, followee: Account) -> None:
    reply = api.post(f"/api/profiles/{followee.username}/follow", token=follower.token)
    expect_status(reply, 200, "follow must store who follows whom")


def _following(api: Api, viewer: Account, author: Account) -> object:
    reply = api.get(f"/api/profiles/{author.username}", token=viewer.token)
    return dig(reply.body, "profile", "following")


@check(points=2, task="Follow", rule="contract", catches=["follow_not_saved"])
def test_follow_is_remembered(api: Api) -> None:
    """After following someone, their profile says "following": true to the follower."""
    reader, author = api.register(), api.register()
    _follow(api, reader, author)
    reply = api.get(f"/api/profiles/{author.username}", token=reader.token)
    expect(
        dig(reply.body, "profile", "following") is True,
        reply,
        '{"profile": {..., "following": true}}',
        "add a Follow row; the answer of POST .../follow alone proves nothing",
    )


@check(points=1, task="Follow", rule="contract", catches=["unfollow_does_nothing"])
def test_unfollow_is_remembered(api: Api) -> None:
    """After unfollowing, the profile says "following": false again."""
    reader, author = api.register(), api.register()
    _follow(api, reader, author)
    api.delete(f"/api/profiles/{author.username}/follow", token=reader.token)
    reply = api.get(f"/api/profiles/{author.username}", token=reader.token)
    expect(
        dig(reply.body, "profile", "following") is False,
        reply,
        '{"profile": {..., "following": false}}',
        "find the Follow row by (follower id, followee id) and delete it",
    )


@check(points=2, task="Feed", rule="contract", catches=["follow_not_saved"])
def test_feed_shows_followed_authors(api: Api) -> None:
    """GET /api/articles/feed shows the articles of the authors you follow."""
    reader, author = api.register(), api.register()
    _follow(api, reader, author)
    slug = api.create_article(author)["slug"]
    reply = api.get("/api/articles/feed", token=reader.token)
    slugs = [a.get("slug") for a in dig(reply.body, "articles") or []]
    expect(
        reply.status == 200 and slug in slugs,
        reply,
        f"status 200 and the followed author's article {slug!r} in the feed",
        "the feed is the list of articles whose author the reader follows",
    )


@check(points=2, task="Feed", rule="contract", catches=["feed_shows_everyone", "follow_not_saved"])
def test_feed_hides_authors_not_followed(api: Api) -> None:
    """The feed leaves out articles by authors you do not follow."""
    reader, author, stranger = api.register(), api.register(), api.register()
    _follow(api, reader, author)
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
