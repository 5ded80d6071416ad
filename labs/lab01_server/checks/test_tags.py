from labs.engine import Api, check, dig, expect, expect_status


@check(points=2, task="Tags", rule="contract", catches=["tags_not_wrapped"])
def test_tags_are_listed(api: Api) -> None:
    """GET /api/tags answers 200 with {"tags": [...]}, a list of strings."""
    reply = api.get("/api/tags")
    expect_status(reply, 200, "the tags route needs no sign-in and always answers")
    tags = dig(reply.body, "tags")
    expect(
        isinstance(tags, list) and all(isinstance(tag, str) for tag in tags),
        reply,
        '{"tags": ["<tag>", ...]}',
        "the spec wraps every resource in an envelope: return TagsResponse(tags=...)",
    )
