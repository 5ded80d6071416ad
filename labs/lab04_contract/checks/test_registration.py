from typing import Any

from labs.engine import Api, Reply, check, dig, expect, expect_errors, fresh

from .named import expect_only


def _register(api: Api, **fields: Any) -> Reply:
    name = fresh("user")
    user = {"username": name, "email": f"{name}@example.org", "password": fresh("pass-")}
    user.update(fields)
    return api.post("/api/users", {"user": {k: v for k, v in user.items() if v is not None}})


def _expect_plain_message(reply: Reply, field: str) -> None:
    messages = dig(reply.body, "errors", field)
    first = messages[0] if isinstance(messages, list) and messages else ""
    expect(
        not str(first).startswith("Value error"),
        reply,
        f"a message for {field} that reads as a sentence after the field name",
        "strip pydantic's 'Value error, ' prefix from the messages of custom validators",
    )


@check(
    points=2,
    task="Validation errors",
    rule="contract",
    catches=["errors_as_plain_strings", "errors_lose_field_names"],
)
def test_missing_field_is_422_naming_it(api: Api) -> None:
    """Registering without an email answers 422 with {"errors": {"email": [...]}}."""
    reply = _register(api, email=None)
    expect_errors(reply, 422, "email", "name the field by the last part of the problem's key")
    expect_only(reply, ["email"])


@check(
    points=1,
    task="Validation errors",
    rule="course",
    catches=["errors_as_plain_strings", "errors_lose_field_names"],
)
def test_invalid_email_is_422_naming_it(api: Api) -> None:
    """Registering with "not-an-email" as email answers 422 naming the email."""
    reply = _register(api, email="not-an-email")
    expect_errors(reply, 422, "email", "each problem of the validation error names its field")
    expect_only(reply, ["email"])


@check(
    points=1,
    task="Validation errors",
    rule="course",
    catches=["errors_as_plain_strings", "errors_lose_field_names", "validator_prefix_kept"],
)
def test_short_password_is_422_with_a_clear_message(api: Api) -> None:
    """Registering with a 5-character password answers 422 naming the password, in plain words."""
    reply = _register(api, password="short")
    expect_errors(reply, 422, "password", "the password rule raises ValueError: report it")
    expect_only(reply, ["password"])
    _expect_plain_message(reply, "password")


@check(
    points=1,
    task="Validation errors",
    rule="course",
    catches=["errors_as_plain_strings", "errors_lose_field_names", "validator_prefix_kept"],
)
def test_bad_username_is_422_with_a_clear_message(api: Api) -> None:
    """Registering with "two words" as username answers 422 naming the username, in plain words."""
    reply = _register(api, username="two words")
    expect_errors(reply, 422, "username", "usernames go in URLs: the rule refuses spaces")
    expect_only(reply, ["username"])
    _expect_plain_message(reply, "username")


@check(
    points=1,
    task="Taken names",
    rule="contract",
    catches=["duplicate_email_is_500"],
)
def test_taken_email_is_refused_with_422(api: Api) -> None:
    """Registering with an email someone has is refused: 422 in the error envelope."""
    first = api.register()
    reply = _register(api, email=first.email)
    expect_errors(reply, 422, None, "check taken fields before inserting, and refuse them")


@check(
    points=1,
    task="Taken names",
    rule="course",
    catches=["duplicate_email_is_500"],
    after=["taken_email_is_refused_with_422"],
)
def test_taken_email_is_named(api: Api) -> None:
    """The 422 for a taken email names it: {"errors": {"email": ["has already been taken"]}}."""
    first = api.register()
    reply = _register(api, email=first.email)
    expect_errors(reply, 422, "email", "check taken fields before inserting, and name them")


@check(
    points=1,
    task="Taken names",
    rule="course",
    catches=["duplicate_email_is_500"],
)
def test_taken_username_is_422(api: Api) -> None:
    """Registering with a username someone has answers 422: {"errors": {"username": [...]}}."""
    first = api.register()
    reply = _register(api, username=first.username)
    expect_errors(reply, 422, "username", "check taken fields before inserting, and name them")


@check(
    points=1,
    task="Taken names",
    rule="course",
    catches=["duplicate_email_is_500", "duplicate_not_reported", "only_one_taken_field_named"],
)
def test_taken_username_and_email_are_both_named(api: Api) -> None:
    """Registering with someone's username and email answers 422 naming both."""
    first = api.register()
    reply = _register(api, username=first.username, email=first.email)
    for field in ("username", "email"):
        expect_errors(reply, 422, field, "report every taken field at once, each by its name")
