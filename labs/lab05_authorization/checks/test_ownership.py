from labs.engine import Api, check, dig, expect, expect_errors


@check(points=2, task="Ownership", rule="course", catches=["missing_ownership_check"])
def test_others_cannot_update_an_article(api: Api) -> None:
    """Another user's PUT /api/articles/<slug> answers 403 and changes nothing."""
    author, other = api.register(), api.register()
    slug = api.create_article(author)["slug"]
    reply = api.put(f"/api/articles/{slug}", {"article": {"body": "mine now"}}, token=other.token)
    expect_errors(reply, 403, None, "compare the article's author_id with the signed-in user's id")


@check(points=2, task="Ownership", rule="course", catches=["missing_ownership_check"])
def test_others_cannot_delete_an_article(api: Api) -> None:
    """Another user's DELETE /api/articles/<slug> answers 403, and the article stays."""
    author, other = api.register(), api.register()
    slug = api.create_article(author)["slug"]
    reply = api.delete(f"/api/articles/{slug}", token=other.token)
    expect_errors(reply, 403, None, "check ownership before deleting, not after")
    listed = api.get(f"/api/articles?author={author.username}")
    expect(
        dig(listed.body, "articlesCount") == 1,
        listed,
        '"articlesCount": 1: the article is still there',
        "raise before the delete so the transaction rolls back",
    )


@check(points=1, task="Ownership", rule="course", catches=["missing_ownership_check"])
def test_others_cannot_delete_a_comment(api: Api) -> None:
    """Another user's DELETE of a comment answers 403."""
    author, other = api.register(), api.register()
    slug = api.create_article(author)["slug"]
    added = api.post(
        f"/api/articles/{slug}/comments", {"comment": {"body": "hi"}}, token=author.token
    )
    comment_id = dig(added.body, "comment", "id")
    reply = api.delete(f"/api/articles/{slug}/comments/{comment_id}", token=other.token)
    expect_errors(reply, 403, None, "comments have authors too: ensure_author(...)")
