from labs.engine import Api, check, dig, expect, expect_status


@check(
    points=2,
    task="Comments",
    rule="contract",
    catches=["user_not_saved", "comment_not_saved"],
    after=["registered_user_is_stored"],
)
def test_comment_is_added(api: Api) -> None:
    """POST /api/articles/<slug>/comments answers 200 with the comment, its id and its author."""
    author = api.register()
    article = api.create_article(author)
    reply = api.post(
        f"/api/articles/{article['slug']}/comments", {"comment": {"body": "First!"}},
        token=author.token,
    )  # fmt: skip
    expect_status(reply, 200, "add_comment must add the comment and flush so it gets an id")
    comment = dig(reply.body, "comment") or {}
    expect(
        comment.get("body") == "First!"
        and isinstance(comment.get("id"), int)
        and dig(comment, "author", "username") == author.username,
        reply,
        f'{{"comment": {{"id": <int>, "body": "First!", "author": {{"username": '
        f'"{author.username}"}}}}}}',
        "the id exists once the row is flushed",
    )


@check(
    points=2,
    task="Comments",
    rule="course",
    catches=["user_not_saved", "comments_newest_first", "comment_not_saved"],
    after=["registered_user_is_stored"],
)
def test_comments_are_listed_oldest_first(api: Api) -> None:
    """GET /api/articles/<slug>/comments lists the article's comments, oldest first."""
    author = api.register()
    slug = api.create_article(author)["slug"]
    for body in ("one", "two", "three"):
        api.post(f"/api/articles/{slug}/comments", {"comment": {"body": body}}, token=author.token)
    reply = api.get(f"/api/articles/{slug}/comments")
    bodies = [c.get("body") for c in dig(reply.body, "comments") or []]
    expect(
        reply.status == 200 and bodies == ["one", "two", "three"],
        reply,
        'status 200 and the comments "one", "two", "three" in that order',
        "a conversation reads top-down: order by created_at, then id",
    )


@check(
    points=2,
    task="Comments",
    rule="contract",
    catches=["user_not_saved", "comment_not_deleted", "comment_not_saved"],
    after=["registered_user_is_stored"],
)
def test_deleted_comment_is_gone(api: Api) -> None:
    """DELETE /api/articles/<slug>/comments/<id> answers 204 and the comment is gone."""
    author = api.register()
    slug = api.create_article(author)["slug"]
    added = api.post(
        f"/api/articles/{slug}/comments", {"comment": {"body": "oops"}}, token=author.token
    )
    comment_id = dig(added.body, "comment", "id")
    reply = api.delete(f"/api/articles/{slug}/comments/{comment_id}", token=author.token)
    expect_status(reply, 204, "delete_comment must delete the row")
    listed = api.get(f"/api/articles/{slug}/comments")
    expect(
        dig(listed.body, "comments") == [],
        listed,
        '{"comments": []}',
        "await session.delete(comment), then flush",
    )
