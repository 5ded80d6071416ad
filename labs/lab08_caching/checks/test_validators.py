from labs.engine import Api, CheckFailed, check, expect

from .reads import counted, expect_ok, publish, read

TASK = "ETag and 304"


def _article(api: Api) -> tuple[str, str]:
    """A new article's path and the ETag of its anonymous read."""
    author = api.register()
    path = f"/api/articles/{publish(api, author)}"
    first = read(api, path)
    expect_ok(first, "an article published", "an anonymous read of an article answers 200")
    tag = first.headers.get("etag", "")
    expect(
        tag.startswith('"') and tag.endswith('"') and len(tag) > 2,
        first,
        'an ETag header: a tag between double quotes, such as "3f2a..."',
        'etag_of: every 200 of a cached route carries ETag: "<hash of the body>"',
    )
    return path, tag


@check(
    points=3,
    task=TASK,
    rule="course",
    catches=[
        "etag_missing",
        "not_modified_with_a_body",
        "never_not_modified",
        "every_read_treated_as_signed_in",
    ],
)
def test_a_read_sent_back_its_etag_is_answered_304_without_a_body(api: Api) -> None:
    """A read that sends back the ETag it was given is answered 304, with no body, and the
    same ETag."""
    path, tag = _article(api)
    before = counted(api, "not_modified", "article")
    again = read(api, path, if_none_match=tag)
    done = f"an anonymous GET {path} answered ETag {tag}"
    hint = "not_modified: when client_has(If-None-Match, the ETag), send 304 and an empty body"
    if again.status != 304 or again.text != "":
        raise CheckFailed(
            f"{done}; then {again.request_line()} with If-None-Match: {tag}",
            "304 Not Modified, with an empty body",
            again.summary(),
            hint,
        )
    expect(
        again.headers.get("etag") == tag,
        again,
        f"the 304 to carry the same ETag: {tag}",
        "validators: the 304 carries the validators a 200 would (ETag, Cache-Control, Vary)",
    )
    after = counted(api, "not_modified", "article")
    if after != before + 1:
        raise CheckFailed(
            f"{done}; then {again.request_line()} with If-None-Match: {tag}, answered 304",
            f'conduit_cache_not_modified_total{{family="article"}} from {before} to {before + 1}',
            f"it went to {after}",
            "not_modified: count each 304 once, in cache.counters.not_modified[family]",
        )


@check(
    points=3,
    task=TASK,
    rule="course",
    catches=["etag_is_the_length", "etag_missing", "key_ignores_the_versions"],
)
def test_the_etag_changes_when_the_article_does(api: Api) -> None:
    """After an edit, the old ETag is answered 200 with the new article and a new ETag."""
    author = api.register()
    slug = publish(api, author, body="first body")
    path = f"/api/articles/{slug}"
    tag = read(api, path).headers.get("etag", "")
    edit = api.put(path, {"article": {"body": "other body"}}, token=author.token)
    expect_ok(edit, "an article published", "its author may edit its body")
    again = read(api, path, if_none_match=tag)
    done = f"GET {path} answered ETag {tag}; its body was edited (the same length)"
    if again.status != 200 or again.headers.get("etag", "") in {"", tag}:
        raise CheckFailed(
            f"{done}; then {again.request_line()} with If-None-Match: {tag}",
            "200 with the edited article and another ETag",
            f"{again.summary()} (ETag {again.headers.get('etag')})",
            "etag_of: a tag names these exact bytes (a hash of the whole body), so any change "
            "to them changes it",
        )


@check(
    points=3,
    task=TASK,
    rule="course",
    catches=[
        "weak_comparison_refused",
        "tag_list_not_split",
        "star_not_matched",
        "etag_missing",
        "never_not_modified",
    ],
)
def test_if_none_match_compares_weakly_and_reads_a_list_of_tags(api: Api) -> None:
    """If-None-Match matches its tag marked weak (W/), among others in a list, and as `*`;
    an unquoted or other tag does not match."""
    path, tag = _article(api)
    cases = [
        (f"W/{tag}", 304, 'a proxy may weaken a tag: W/"x" matches "x" (a weak comparison)'),
        (f'"0000", {tag}', 304, "If-None-Match lists tags, separated by commas: any may match"),
        (f'W/"0000" ,  W/{tag}', 304, "split on commas; spaces around a tag do not count"),
        ("*", 304, "`*` matches any current answer"),
        (tag.strip('"'), 200, "a tag is compared with its quotes: unquoted is another tag"),
        ('"0000"', 200, "a tag the server never gave is not a match"),
    ]
    for sent, status, why in cases:
        reply = read(api, path, if_none_match=sent)
        if reply.status != status:
            raise CheckFailed(
                f"GET {path} answered ETag {tag}; then GET {path} with If-None-Match: {sent}",
                f"{status}: {why}",
                reply.summary(),
                "client_has: '*' matches; else split on commas and compare _opaque(each) with "
                "_opaque(etag)",
            )


@check(
    points=3,
    task=TASK,
    rule="course",
    catches=[
        "vary_missing",
        "signed_in_marked_shareable",
        "every_read_treated_as_signed_in",
        "authorization_never_read",
        "etag_missing",
    ],
)
def test_cache_control_and_vary_say_who_may_keep_an_answer(api: Api) -> None:
    """An anonymous read says `Cache-Control: no-cache`, a signed-in one `private, no-cache`;
    both say `Vary: Authorization`."""
    reader = api.register()
    path, _tag = _article(api)
    for token, control in ((None, "no-cache"), (reader.token, "private, no-cache")):
        reply = read(api, path, token=token)
        who = "signed in" if token else "anonymous"
        got = (reply.headers.get("cache-control", ""), reply.headers.get("vary", ""))
        if got != (control, "Authorization"):
            raise CheckFailed(
                f"GET {path} ({who})",
                f"Cache-Control: {control} and Vary: Authorization",
                f"{reply.status}, Cache-Control: {got[0] or '(none)'}, Vary: {got[1] or '(none)'}",
                "validators: a signed-in answer holds the reader's own flags, so only their "
                "browser may keep it (private); a cache in front keys on Authorization (Vary). "
                "read_request tells the two readers apart",
            )
