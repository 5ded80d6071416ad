from labs.engine import Api, check, expect, expect_errors, fresh


@check(
    points=1,
    task="Not found",
    rule="course",
    catches=["errors_not_enveloped", "every_error_is_422", "missing_article_is_500"],
)
def test_missing_article_with_an_accented_slug_is_404(api: Api) -> None:
    """GET /api/articles/<an accented slug no article has> answers 404 naming the article."""
    reply = api.get(f"/api/articles/cr%C3%A8me-br%C3%BBl%C3%A9e-{fresh('')}")
    expect_errors(reply, 404, "article", "any slug nobody has is a 404, whatever its letters")


@check(
    points=1,
    task="Errors",
    rule="course",
    catches=["errors_drop_headers", "errors_not_enveloped", "every_error_is_422"],
)
def test_writing_without_a_token_is_401_with_a_challenge(api: Api) -> None:
    """POST /api/articles without a token answers 401, with WWW-Authenticate: Token."""
    article = {"title": fresh("Title "), "description": "d", "body": "b"}
    reply = api.post("/api/articles", {"article": article})
    expect_errors(reply, 401, "token", "every route that needs sign-in answers the same 401")
    expect(
        reply.headers.get("www-authenticate", "").lower().startswith("token"),
        reply,
        "a WWW-Authenticate: Token header",
        "keep exc.headers for every HTTPException, not only on GET /api/user",
    )
