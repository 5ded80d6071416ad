from labs.engine import Account, Api, Reply, check, dig, expect, expect_errors, fresh

MISSING = ["missing_ownership_check"]


def _refused(reply: Reply, hint: str) -> None:
    expect(400 <= reply.status < 500, reply, "a refusal: a 4xx status", hint)


def _commented(api: Api, author: Account) -> tuple[str, object, str]:
    """An article of `author` with a comment of theirs: its slug, the comment's id and body."""
    slug = api.create_article(author)["slug"]
    body = fresh("comment ")
    added = api.post(
        f"/api/articles/{slug}/comments", {"comment": {"body": body}}, token=author.token
    )
    return slug, dig(added.body, "comment", "id"), body


@check(points=2, task="Ownership", rule="contract", catches=MISSING)
def test_others_cannot_update_an_article(api: Api) -> None:
    """Another user's PUT /api/articles/<slug> is refused and changes nothing."""
    author, other = api.register(), api.register()
    article = api.create_article(author)
    slug = article["slug"]
    change = {"article": {"title": fresh("Taken "), "body": fresh("mine now ")}}
    reply = api.put(f"/api/articles/{slug}", change, token=other.token)
    _refused(reply, "compare the article's author_id with the signed-in user's id")
    after = api.get(f"/api/articles/{slug}")
    expect(
        dig(after.body, "article", "title") == article["title"]
        and dig(after.body, "article", "body") == article["body"],
        after,
        f'the article unchanged: "title": "{article["title"]}", "body": "{article["body"]}"',
        "refuse before changing anything: raising rolls the transaction back",
    )


@check(points=2, task="Ownership", rule="contract", catches=MISSING)
def test_others_cannot_delete_an_article(api: Api) -> None:
    """Another user's DELETE /api/articles/<slug> is refused, and the article stays."""
    author, other = api.register(), api.register()
    slug = api.create_article(author)["slug"]
    reply = api.delete(f"/api/articles/{slug}", token=other.token)
    _refused(reply, "check ownership before deleting, not after")
    after = api.get(f"/api/articles/{slug}")
    expect(
        after.status == 200 and dig(after.body, "article", "slug") == slug,
        after,
        f"status 200: the article {slug!r} is still there",
        "raise before the delete so the transaction rolls back",
    )


@check(points=1, task="Ownership", rule="contract", catches=MISSING)
def test_others_cannot_delete_a_comment(api: Api) -> None:
    """Another user's DELETE of a comment is refused, and the comment stays."""
    author, other = api.register(), api.register()
    slug, comment_id, body = _commented(api, author)
    reply = api.delete(f"/api/articles/{slug}/comments/{comment_id}", token=other.token)
    _refused(reply, "comments have authors too: ensure_author(...)")
    after = api.get(f"/api/articles/{slug}/comments")
    bodies = [c.get("body") for c in dig(after.body, "comments") or [] if isinstance(c, dict)]
    expect(
        body in bodies,
        after,
        f"the comment {body!r} still listed",
        "check the comment's author before deleting it",
    )


@check(points=2, task="Ownership", rule="course", catches=[*MISSING, "ownership_refused_with_401"])
def test_others_are_refused_with_403(api: Api) -> None:
    """Changing or deleting someone else's article or comment answers 403 naming the thing."""
    author, other = api.register(), api.register()
    slug, comment_id, _ = _commented(api, author)
    hint = (
        "signed in but not the author is forbidden, 403, and the error names what was "
        'refused: raise forbidden(thing, "can only be changed by its author")'
    )
    change = {"article": {"body": fresh("mine now ")}}
    put = api.put(f"/api/articles/{slug}", change, token=other.token)
    expect_errors(put, 403, "article", hint)
    comment = f"/api/articles/{slug}/comments/{comment_id}"
    expect_errors(api.delete(comment, token=other.token), 403, "comment", hint)
    expect_errors(api.delete(f"/api/articles/{slug}", token=other.token), 403, "article", hint)
