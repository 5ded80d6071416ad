from labs.engine import Api, check, dig, expect, expect_status


@check(
    points=2,
    task="Favorites",
    rule="contract",
    catches=["favorite_not_saved", "favorite_for_the_author"],
)
def test_favorite_is_counted(api: Api) -> None:
    """POST /api/articles/<slug>/favorite answers "favorited": true and "favoritesCount": 1."""
    author, reader = api.register(), api.register()
    slug = api.create_article(author)["slug"]
    reply = api.post(f"/api/articles/{slug}/favorite", token=reader.token)
    article = dig(reply.body, "article") or {}
    expect(
        reply.status == 200 and article.get("favorited") is True
        and article.get("favoritesCount") == 1,
        reply,
        'status 200, "favorited": true, "favoritesCount": 1',
        "add a Favorite row for (user id, article id)",
    )  # fmt: skip


@check(
    points=1,
    task="Favorites",
    rule="contract",
    catches=["favorite_twice_is_error", "favorite_not_saved"],
)
def test_favoriting_twice_counts_once(api: Api) -> None:
    """Favoriting the same article twice answers 200 both times and counts it once."""
    author, reader = api.register(), api.register()
    slug = api.create_article(author)["slug"]
    api.post(f"/api/articles/{slug}/favorite", token=reader.token)
    reply = api.post(f"/api/articles/{slug}/favorite", token=reader.token)
    expect(
        reply.status == 200 and dig(reply.body, "article", "favoritesCount") == 1,
        reply,
        'status 200 and "favoritesCount": 1',
        "favoriting is idempotent: look for the row first, and let a race end the same way",
    )


@check(
    points=1,
    task="Favorites",
    rule="contract",
    catches=["unfavorite_does_nothing", "favorite_for_the_author"],
)
def test_unfavorite_is_counted(api: Api) -> None:
    """DELETE /api/articles/<slug>/favorite answers "favorited": false and "favoritesCount": 0."""
    author, reader = api.register(), api.register()
    slug = api.create_article(author)["slug"]
    api.post(f"/api/articles/{slug}/favorite", token=reader.token)
    reply = api.delete(f"/api/articles/{slug}/favorite", token=reader.token)
    article = dig(reply.body, "article") or {}
    expect(
        reply.status == 200 and article.get("favorited") is False
        and article.get("favoritesCount") == 0,
        reply,
        'status 200, "favorited": false, "favoritesCount": 0',
        "find the Favorite row by (user id, article id), delete it and flush",
    )  # fmt: skip


@check(points=1, task="Favorites", rule="contract", catches=["unfavorite_missing_row_crashes"])
def test_unfavoriting_what_is_not_favorited_answers_200(api: Api) -> None:
    """Unfavoriting an article you never favorited answers 200, "favorited": false, count 0."""
    author, reader = api.register(), api.register()
    slug = api.create_article(author)["slug"]
    reply = api.delete(f"/api/articles/{slug}/favorite", token=reader.token)
    article = dig(reply.body, "article") or {}
    expect(
        reply.status == 200 and article.get("favorited") is False
        and article.get("favoritesCount") == 0,
        reply,
        'status 200, "favorited": false, "favoritesCount": 0',
        "session.get answers None when there is no Favorite row: delete only a row you found",
    )  # fmt: skip


@check(
    points=1,
    task="Favorites",
    rule="contract",
    catches=[
        "article_read_without_viewer",
        "favorite_for_the_author",
        "favorite_not_saved",
        "unfavorite_deletes_every_favorite",
    ],
)
def test_unfavoriting_one_article_keeps_the_other(api: Api) -> None:
    """Favoriting two articles and unfavoriting one: the other is still a favorite."""
    author, reader = api.register(), api.register()
    first, second = api.create_article(author)["slug"], api.create_article(author)["slug"]
    api.post(f"/api/articles/{first}/favorite", token=reader.token)
    api.post(f"/api/articles/{second}/favorite", token=reader.token)
    api.delete(f"/api/articles/{first}/favorite", token=reader.token)
    reply = api.get(f"/api/articles/{second}", token=reader.token)
    article = dig(reply.body, "article") or {}
    expect(
        article.get("favorited") is True and article.get("favoritesCount") == 1,
        reply,
        f'"favorited": true and "favoritesCount": 1 for {second!r}: it was not unfavorited',
        "delete the one Favorite row of (user id, article id), not all of the user's",
    )


@check(
    points=1,
    task="Favorites",
    rule="contract",
    catches=["favorite_not_saved", "favorite_for_the_author"],
)
def test_favorited_filter_lists_what_they_favorited(api: Api) -> None:
    """?favorited=<name>&author=<a> lists the articles of a that <name> favorited, newest first."""
    author, fan = api.register(), api.register()
    articles = [api.create_article(author) for _ in range(3)]
    for article in (articles[0], articles[2]):
        reply = api.post(f"/api/articles/{article['slug']}/favorite", token=fan.token)
        expect_status(reply, 200, "favoriting must work before this can be checked")
    api.create_article(api.register())
    reply = api.get(f"/api/articles?favorited={fan.username}&author={author.username}")
    listed = dig(reply.body, "articles")
    slugs = [dig(a, "slug") for a in listed] if isinstance(listed, list) else []
    wanted = [articles[2]["slug"], articles[0]["slug"]]
    expect(
        reply.status == 200 and slugs == wanted and dig(reply.body, "articlesCount") == 2,
        reply,
        f'status 200, the articles {wanted} in that order and "articlesCount": 2',
        "?favorited=<name> lists the Favorite rows of <name>: store them for the reader",
    )
