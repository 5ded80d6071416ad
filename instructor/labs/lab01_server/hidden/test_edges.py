from labs.engine import Api, check, expect, expect_errors, fresh


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
