from labs.engine import Api, check, dig, expect


@check(
    points=1,
    task="Favorites",
    rule="contract",
    catches=[
        "article_read_without_viewer",
        "favorite_for_the_author",
        "favorite_not_saved",
        "unfavorite_deletes_everyones",
        "unfavorite_does_nothing",
    ],
)
def test_favorites_of_two_readers_are_counted_apart(api: Api) -> None:
    """Two readers favorite an article and one takes it back: 1 favorite, the other's."""
    author, first, second = api.register(), api.register(), api.register()
    slug = api.create_article(author)["slug"]
    api.post(f"/api/articles/{slug}/favorite", token=first.token)
    api.post(f"/api/articles/{slug}/favorite", token=second.token)
    api.delete(f"/api/articles/{slug}/favorite", token=first.token)
    reply = api.get(f"/api/articles/{slug}", token=second.token)
    article = dig(reply.body, "article") or {}
    expect(
        reply.status == 200 and article.get("favorited") is True
        and article.get("favoritesCount") == 1,
        reply,
        'status 200, "favorited": true (for the second reader) and "favoritesCount": 1',
        "a favorite is one row per (reader, article): remove only the reader's own row",
    )  # fmt: skip
