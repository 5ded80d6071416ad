from labs.engine import Api, check, dig, expect, expect_status, fresh


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


@check(
    points=2,
    task="Tags",
    rule="contract",
    catches=["tags_listed_per_article", "tags_not_saved", "tags_not_wrapped"],
    after=["tags_are_listed"],
)
def test_a_tag_in_use_is_listed_once(api: Api) -> None:
    """A tag put on two articles is listed by GET /api/tags, once."""
    author = api.register()
    tag = fresh("tag")
    for _ in range(2):
        api.create_article(author, tagList=[tag])
    reply = api.get("/api/tags")
    tags = dig(reply.body, "tags")
    times = tags.count(tag) if isinstance(tags, list) else 0
    expect(
        times == 1,
        reply,
        f'"tags" holding {tag!r} once (it is there {times} times)',
        "the tags in use are each tag once, however many articles carry it: SELECT DISTINCT",
    )
