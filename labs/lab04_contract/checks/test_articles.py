from labs.engine import Api, check, dig, expect, expect_errors

from .named import expect_only


@check(
    points=1,
    task="Validation errors",
    rule="course",
    catches=["errors_as_plain_strings", "errors_lose_field_names"],
)
def test_limit_out_of_range_is_422(api: Api) -> None:
    """GET /api/articles?limit=0 answers 422 naming the limit."""
    reply = api.get("/api/articles?limit=0")
    expect_errors(reply, 422, "limit", "query parameters are validated like bodies: name them")
    expect_only(reply, ["limit"])


@check(
    points=1,
    task="Validation errors",
    rule="course",
    catches=["errors_as_plain_strings", "errors_lose_field_names", "validator_prefix_kept"],
)
def test_blank_title_is_422(api: Api) -> None:
    """Publishing an article whose title is only spaces answers 422: the title "can't be blank"."""
    author = api.register()
    article = {"title": "   ", "description": "d", "body": "b"}
    reply = api.post("/api/articles", {"article": article}, token=author.token)
    expect_errors(reply, 422, "title", "report each validator's message under its field")
    expect_only(reply, ["title"])
    expect(
        dig(reply.body, "errors", "title") == ["can't be blank"],
        reply,
        '{"errors": {"title": ["can\'t be blank"]}}',
        "strip pydantic's 'Value error, ' prefix from the messages of custom validators",
    )


@check(points=2, task="Empty updates", rule="course", catches=["empty_update_accepted"])
def test_empty_article_update_is_422(api: Api) -> None:
    """PUT /api/articles/<slug> with {"article": {}} answers 422: there is nothing to change."""
    author = api.register()
    slug = api.create_article(author)["slug"]
    reply = api.put(f"/api/articles/{slug}", {"article": {}}, token=author.token)
    expect_errors(reply, 422, "article", "an update must change at least one field")


@check(points=1, task="Empty updates", rule="course", catches=["empty_update_accepted"])
def test_empty_user_update_is_422(api: Api) -> None:
    """PUT /api/user with {"user": {}} answers 422: there is nothing to change."""
    account = api.register()
    reply = api.put("/api/user", {"user": {}}, token=account.token)
    expect_errors(reply, 422, "user", "an update must change at least one field")
