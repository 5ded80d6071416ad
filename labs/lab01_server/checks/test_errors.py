from labs.engine import Api, check, expect, expect_errors, fresh


@check(
    points=1,
    task="Errors",
    rule="course",
    catches=["errors_need_a_field", "errors_not_enveloped", "every_error_is_422"],
)
def test_unknown_route_is_404_envelope(api: Api) -> None:
    """A route that does not exist answers 404 in the error envelope {"errors": {...}}."""
    reply = api.get(f"/api/{fresh('nowhere')}")
    expect_errors(reply, 404, None, "handle_http must answer every HTTP error in the envelope")


@check(
    points=1,
    task="Errors",
    rule="course",
    catches=["errors_need_a_field", "errors_not_enveloped", "every_error_is_422"],
)
def test_wrong_method_is_405_envelope(api: Api) -> None:
    """A method a route does not accept (DELETE /api/tags) answers 405 in the error envelope."""
    reply = api.delete("/api/tags")
    expect_errors(reply, 405, None, "handle_http must keep the exception's status code")


@check(
    points=1,
    task="Errors",
    rule="course",
    catches=["errors_need_a_field", "errors_sent_as_text", "every_error_is_422"],
)
def test_errors_are_sent_as_json(api: Api) -> None:
    """Errors say their body is JSON: a 404 comes with Content-Type: application/json."""
    reply = api.get(f"/api/{fresh('nowhere')}")
    content_type = reply.headers.get("content-type", "")
    expect(
        reply.status == 404 and content_type.startswith("application/json"),
        reply,
        f"status 404 and Content-Type application/json (got Content-Type {content_type!r})",
        "build the answer with error_response(...): a dict in a Response is sent as JSON",
    )


@check(points=1, task="Errors", rule="contract", catches=["every_error_is_422"])
def test_sign_in_required_is_401(api: Api) -> None:
    """GET /api/user without a token answers 401."""
    reply = api.get("/api/user")
    expect(reply.status == 401, reply, "status 401", "keep the exception's status code")


@check(
    points=1,
    task="Errors",
    rule="course",
    catches=["errors_drop_headers", "errors_not_enveloped", "every_error_is_422"],
    after=["sign_in_required_is_401"],
)
def test_sign_in_required_names_the_token_and_challenges(api: Api) -> None:
    """The 401 names the token ({"errors": {"token": [...]}}) and says WWW-Authenticate: Token."""
    reply = api.get("/api/user")
    expect_errors(reply, 401, "token", "the 401 says which field is wrong: the token")
    expect(
        reply.headers.get("www-authenticate", "").lower().startswith("token"),
        reply,
        "a WWW-Authenticate: Token header",
        "pass the exception's headers on: error_response(..., headers=exc.headers)",
    )
