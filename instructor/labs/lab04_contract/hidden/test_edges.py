from labs.engine import Api, check, dig, expect, expect_errors, fresh


@check(
    points=1,
    task="Validation errors",
    rule="course",
    catches=["errors_as_plain_strings", "errors_lose_field_names"],
)
def test_every_missing_field_is_named(api: Api) -> None:
    """Registering with {"user": {}} answers 422 naming the username, the email and the password."""
    reply = api.post("/api/users", {"user": {}})
    for field in ("username", "email", "password"):
        expect_errors(reply, 422, field, "report every invalid field at once, each by its name")
    errors = dig(reply.body, "errors")
    expect(
        set(errors if isinstance(errors, dict) else ()) == {"username", "email", "password"},
        reply,
        "errors naming the username, the email and the password, and no other field",
        "report the problems this request has: naming every field whatever was sent is no answer",
    )


@check(
    points=1,
    task="Taken names",
    rule="course",
    catches=["duplicate_email_is_500"],
)
def test_taken_email_in_capitals_is_422(api: Api) -> None:
    """Registering with a taken email written in capitals answers 422: emails ignore case."""
    taken = api.register()
    name = fresh("user")
    reply = api.post(
        "/api/users",
        {"user": {"username": name, "email": taken.email.upper(), "password": fresh("pass-")}},
    )
    expect_errors(reply, 422, "email", "compare the email as it is stored: in lower case")
