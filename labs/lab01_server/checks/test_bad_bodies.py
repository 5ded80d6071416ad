from labs.engine import Api, check, expect, expect_errors

NOT_JSON = '{"user": {"email": '  # cut off in the middle, as a dropped connection leaves it


@check(
    points=1,
    task="Errors",
    rule="contract",
    catches=["errors_need_a_field", "errors_not_enveloped"],
)
def test_malformed_json_is_refused_not_a_server_error(api: Api) -> None:
    """A body that is not JSON is refused with a 4xx in the error envelope, never a 500."""
    reply = api.request("POST", "/api/users/login", content=NOT_JSON)
    expect(
        400 <= reply.status < 500,
        reply,
        "a 4xx status: the client sent something wrong",
        "a parse error is the client's: let handle_http answer it, whatever its extra holds",
    )
    expect_errors(reply, reply.status, None, "every error answers in the envelope")


@check(
    points=1,
    task="Errors",
    rule="course",
    catches=[
        "errors_need_a_field",
        "errors_not_enveloped",
        "every_error_is_422",
        "malformed_json_is_422",
    ],
)
def test_malformed_json_is_400_naming_the_body(api: Api) -> None:
    """A body that is not JSON answers 400 {"errors": {"body": [...]}}: it could not be read."""
    reply = api.request("POST", "/api/users/login", content=NOT_JSON)
    expect_errors(reply, 400, "body", "keep the exception's status: 400 means unreadable")
