from typing import Any

from labs.engine import Account, Api, Reply, check, dig, expect, expect_object, expect_status, fresh


def _comment(api: Api, slug: str, author: Account, body: str) -> dict[str, Any]:
    reply = api.post(
        f"/api/articles/{slug}/comments", {"comment": {"body": body}}, token=author.token
    )
    expect_status(reply, 200, "adding a comment must work before this can be checked")
    return expect_object(reply, "comment", hint='answer the new comment: {"comment": {...}}')


def _bodies(reply: Reply) -> list[Any]:
    comments = dig(reply.body, "comments")
    return [dig(c, "body") for c in comments] if isinstance(comments, list) else [None]


@check(
    points=2,
    task="Comments",
    rule="contract",
    catches=["comment_not_saved"],
)
def test_comment_is_added(api: Api) -> None:
    """POST /api/articles/<slug>/comments answers 200 with the comment, its id and its author."""
    author = api.register()
    article = api.create_article(author)
    body = fresh("First! ")
    reply = api.post(
        f"/api/articles/{article['slug']}/comments", {"comment": {"body": body}}, token=author.token
    )
    expect_status(reply, 200, "add_comment must add the comment and flush so it gets an id")
    comment = dig(reply.body, "comment")
    expect(
        dig(comment, "body") == body
        and isinstance(dig(comment, "id"), int)
        and dig(comment, "author", "username") == author.username,
        reply,
        f'{{"comment": {{"id": <int>, "body": {body!r}, "author": {{"username": '
        f'"{author.username}"}}}}}}',
        "the id exists once the row is flushed",
    )


@check(
    points=2,
    task="Comments",
    rule="course",
    catches=[
        "comment_not_saved",
        "comments_newest_first",
        "comments_of_every_article",
    ],
)
def test_comments_are_listed_oldest_first(api: Api) -> None:
    """GET /api/articles/<slug>/comments lists the article's comments, oldest first."""
    author = api.register()
    slug = api.create_article(author)["slug"]
    bodies = [fresh(f"{n} ") for n in ("one", "two", "three")]
    for body in bodies:
        api.post(f"/api/articles/{slug}/comments", {"comment": {"body": body}}, token=author.token)
    reply = api.get(f"/api/articles/{slug}/comments")
    expect(
        reply.status == 200 and _bodies(reply) == bodies,
        reply,
        f"status 200 and the comments {bodies} in that order",
        "a conversation reads top-down: order by created_at, then id",
    )


@check(
    points=1,
    task="Comments",
    rule="contract",
    catches=["comment_not_saved", "comments_of_every_article"],
)
def test_comments_of_another_article_are_not_listed(api: Api) -> None:
    """An article's comments list holds its own comments, not those of another article."""
    author = api.register()
    mine, other = api.create_article(author)["slug"], api.create_article(author)["slug"]
    body = fresh("mine ")
    _comment(api, mine, author, body)
    _comment(api, other, author, fresh("other "))
    reply = api.get(f"/api/articles/{mine}/comments")
    expect(
        reply.status == 200 and _bodies(reply) == [body],
        reply,
        f"status 200 and only the comment {body!r}",
        "select the comments WHERE article_id is this article's id",
    )


@check(
    points=2,
    task="Comments",
    rule="contract",
    catches=[
        "comment_not_deleted",
        "comment_not_saved",
        "comments_of_every_article",
    ],
)
def test_deleted_comment_is_gone(api: Api) -> None:
    """DELETE /api/articles/<slug>/comments/<id> answers 204, and the comment listed is gone."""
    author = api.register()
    slug = api.create_article(author)["slug"]
    body = fresh("oops ")
    comment = _comment(api, slug, author, body)
    before = api.get(f"/api/articles/{slug}/comments")
    expect(
        before.status == 200 and _bodies(before) == [body],
        before,
        f"status 200 and the comment {body!r}, listed before it is deleted",
        "the list must show the comment before its deletion can be seen: select the "
        "comments WHERE article_id is this article's id",
    )
    reply = api.delete(f"/api/articles/{slug}/comments/{comment.get('id')}", token=author.token)
    expect_status(reply, 204, "delete_comment must delete the row")
    listed = api.get(f"/api/articles/{slug}/comments")
    expect(
        dig(listed.body, "comments") == [],
        listed,
        '{"comments": []}',
        "await session.delete(comment), then flush",
    )


@check(
    points=1,
    task="Comments",
    rule="contract",
    catches=[
        "comment_not_deleted",
        "comment_not_saved",
        "comments_of_every_article",
        "delete_comment_deletes_the_thread",
    ],
)
def test_deleting_one_comment_keeps_the_other(api: Api) -> None:
    """Deleting one of an article's two comments leaves the other listed."""
    author = api.register()
    slug = api.create_article(author)["slug"]
    kept = fresh("kept ")
    _comment(api, slug, author, kept)
    gone = _comment(api, slug, author, fresh("gone "))
    api.delete(f"/api/articles/{slug}/comments/{gone.get('id')}", token=author.token)
    reply = api.get(f"/api/articles/{slug}/comments")
    expect(
        reply.status == 200 and _bodies(reply) == [kept],
        reply,
        f"status 200 and the comment {kept!r} still listed",
        "delete the one comment you were given, not every comment of its article",
    )
