from labs.engine import Api, check, dig, expect, expect_status


@check(
    points=2,
    task="Read as the reader sees it",
    rule="contract",
    catches=["article_read_without_viewer", "favorite_for_the_author", "favorite_not_saved"],
)
def test_article_is_read_as_its_reader_sees_it(api: Api) -> None:
    """GET /api/articles/<slug> answers the article; with a fan's token, "favorited": true."""
    author, fan = api.register(), api.register()
    article = api.create_article(author)
    path = f"/api/articles/{article['slug']}"
    expect_status(api.post(f"{path}/favorite", token=fan.token), 200, "favoriting must work first")
    anonymous, seen = api.get(path), api.get(path, token=fan.token)
    expect(
        anonymous.status == 200
        and dig(anonymous.body, "article", "title") == article["title"]
        and dig(anonymous.body, "article", "favorited") is False,
        anonymous,
        f'status 200, "title": {article["title"]!r} and, without a token, "favorited": false',
        "read the article with queries.get_article(...)",
    )
    expect(
        seen.status == 200
        and dig(seen.body, "article", "favorited") is True
        and dig(seen.body, "article", "favoritesCount") == 1,
        seen,
        'status 200, "favorited": true and "favoritesCount": 1 for the fan who favorited it',
        "pass the signed-in reader (optional_user) on: favorited is as they see it",
    )


@check(
    points=2,
    task="Read as the reader sees it",
    rule="contract",
    catches=["follow_not_saved", "follow_stored_backwards", "profile_read_without_viewer"],
)
def test_profile_is_read_as_its_reader_sees_it(api: Api) -> None:
    """GET /api/profiles/<name> answers the profile; with a follower's token, "following": true."""
    someone, follower = api.register(), api.register()
    path = f"/api/profiles/{someone.username}"
    followed = api.post(f"{path}/follow", token=follower.token)
    expect_status(followed, 200, "following must work before this can be checked")
    anonymous, seen = api.get(path), api.get(path, token=follower.token)
    expect(
        anonymous.status == 200
        and dig(anonymous.body, "profile", "username") == someone.username
        and dig(anonymous.body, "profile", "following") is False,
        anonymous,
        f'status 200, "username": "{someone.username}" and, without a token, "following": false',
        "read the profile with queries.get_profile(...)",
    )
    expect(
        seen.status == 200 and dig(seen.body, "profile", "following") is True,
        seen,
        'status 200 and "following": true for a follower',
        "pass the signed-in reader (optional_user) on: following is as they see it",
    )
