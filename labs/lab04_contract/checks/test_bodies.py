from labs.engine import Api, check, expect, expect_errors, fresh

from .named import named_fields


@check(
    points=1,
    task="Validation errors",
    rule="contract",
    catches=["errors_as_plain_strings", "problem_key_assumed"],
)
def test_json_array_as_body_is_422(api: Api) -> None:
    """A JSON array sent where an object belongs answers 422 in the error envelope, not 500."""
    reply = api.request("POST", "/api/users", content="[]")
    expect_errors(reply, 422, None, "a problem may have no key (the whole body): report it anyway")
    expect(
        not named_fields(reply) & {"username", "email", "password"},
        reply,
        "errors naming no field of a user: the body holds none",
        "report the problem this body has (it is not an object), not a list of every field",
    )


@check(
    points=1,
    task="Validation errors",
    rule="course",
    catches=["errors_as_plain_strings", "field_is_the_last_part_of_the_key", "problem_key_assumed"],
    after=["json_array_as_body_is_422"],
)
def test_json_array_as_body_names_the_body(api: Api) -> None:
    """A JSON array sent where an object belongs answers 422 {"errors": {"body": [...]}}."""
    reply = api.request("POST", "/api/users", content="[]")
    expect_errors(reply, 422, "body", "a problem with no key is about the whole body: 'body'")


@check(
    points=1,
    task="Validation errors",
    rule="course",
    catches=[
        "errors_as_plain_strings",
        "errors_lose_field_names",
        "field_is_the_last_part_of_the_key",
    ],
)
def test_tag_that_is_not_text_is_422_naming_the_tag_list(api: Api) -> None:
    """Publishing with "tagList": ["ok", 5] answers 422 naming tagList (not the list's index)."""
    author = api.register()
    article = {"title": fresh("Title "), "description": "d", "body": "b", "tagList": ["ok", 5]}
    reply = api.post("/api/articles", {"article": article}, token=author.token)
    expect_errors(reply, 422, "tagList", "a key like article.tagList.1 names the field tagList")
