from labs.engine import Api, check, expect, expect_errors, fresh


@check(points=1, task="Errors", rule="course", catches=["errors_not_enveloped"])
def test_unknown_route_is_404_envelope(api: Api) -> None:
    """A route that does not exist answers 404 in the error envelope {"errors": {...}}."""
    reply = api.get(f"/api/{fresh('nowhere')}")
    expect_errors(reply, 404, None, "handle_http must answer every HTTP error in the envelope")


@check(points=1, task="Errors", rule="course", catches=["errors_not_enveloped"])
def test_wrong_method_is_405_envelope(api: Api) -> None:
    """A method a route does not accept (DELETE /api/tags) answers 405 in the error envelope."""
    reply = api.delete("/api/tags")
    expect_errors(reply, 405, None, "handle_http must keep the exception's status code")


@check(
    points=2,
    task="Errors",
    rule="contract",
    catches=["errors_not_enveloped", "errors_drop_headers"],
)
def test_sign_in_required_is_401(api: Api) -> None:
    """GET /api/user without a token answers 401, with WWW-Authenticate: Token."""
    reply = api.get("/api/user")
    expect_errors(reply, 401, "token", "the 401 says which field is wrong: the token")
    expect(
        reply.headers.get("www-authenticate", "").lower().startswith("token"),
        reply,
        "a WWW-Authenticate: Token header",
        "pass the exception's headers on: error_response(..., headers=exc.headers)",
    )
