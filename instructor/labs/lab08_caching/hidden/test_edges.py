import json

from labs.engine import Api, CheckFailed, check, dig, fresh

TASK_INVALIDATION = "Invalidation"
TASK_VALIDATORS = "ETag and 304"
CACHED = "a_repeated_anonymous_read_is_answered_from_the_cache"


def _get(api: Api, path: str, tag: str = "", token: str | None = None) -> tuple[int, str, str]:
    reply = api.get(path, token=token, headers={"If-None-Match": tag} if tag else None)
    return reply.status, reply.headers.get("etag", ""), reply.text


@check(
    points=2,
    task=TASK_INVALIDATION,
    rule="course",
    after=[CACHED],
    catches=[
        "etag_missing",
        "every_read_treated_as_signed_in",
        "key_ignores_the_versions",
        "never_not_modified",
    ],
)
def test_a_lists_etag_follows_a_favorite_and_an_unfavorite(api: Api) -> None:
    """A list by favoriter, read anonymously, is answered 304 while nothing changed, and 200
    with another ETag after each favorite and unfavorite."""
    author, fan = api.register(), api.register()
    slug = api.create_article(author, tagList=[fresh("tag")])["slug"]
    path = f"/api/articles?favorited={fan.username}&limit=5"
    _status, tag, _body = _get(api, path)
    for method in ("POST", "DELETE"):
        again, _tag, _ = _get(api, path, tag)
        if again != 304:
            raise CheckFailed(
                f"GET {path} answered ETag {tag}; then GET {path} with it",
                "304: nothing changed",
                f"{again}",
                "an unchanged list answers 304 to its own ETag, cached or not",
            )
        api.request(method, f"/api/articles/{slug}/favorite", token=fan.token)
        status, new_tag, body = _get(api, path, tag)
        count = len(dig(json.loads(body or "{}"), "articles") or [])
        if status != 200 or new_tag == tag or count != (1 if method == "POST" else 0):
            raise CheckFailed(
                f"GET {path} answered ETag {tag}; {method} /api/articles/{slug}/favorite; "
                f"then GET {path} with that ETag",
                f"200 with {1 if method == 'POST' else 0} article(s) and another ETag",
                f"{status}, ETag {new_tag}, {count} article(s)",
                "made_stale: a Favorite makes LISTS stale; the ETag names the new bytes",
            )
        tag = new_tag


@check(
    points=1,
    task=TASK_VALIDATORS,
    rule="course",
    catches=[
        "authorization_never_read",
        "etag_missing",
        "never_not_modified",
        "not_modified_with_a_body",
        "signed_in_marked_shareable",
    ],
)
def test_a_signed_in_read_is_validated_too(api: Api) -> None:
    """A signed-in read carries an ETag and answers 304 to it, with private Cache-Control."""
    reader = api.register()
    slug = api.create_article(reader)["slug"]
    path = f"/api/articles/{slug}"
    _status, tag, _ = _get(api, path, token=reader.token)
    again = api.get(path, token=reader.token, headers={"If-None-Match": tag or '"none"'})
    if again.status != 304 or again.text or "private" not in again.headers.get("cache-control", ""):
        raise CheckFailed(
            f"GET {path} signed in answered ETag {tag or '(none)'}; then the same with it",
            "304, no body, Cache-Control: private, no-cache",
            f"{again.summary()}, Cache-Control: {again.headers.get('cache-control')}",
            "signed-in answers are never cached, but they are validated like any other",
        )
