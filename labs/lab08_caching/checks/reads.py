"""Reads as the checks make them: anonymous or signed in, with or without a kept ETag, and the
cache's counters as GET /metrics shows them (the Prometheus text format).

Every check makes its own users, articles and tags (random names): an answer it reads holds
only its own data, and a count it reads is compared before and after its own requests.
"""

import re

from labs.engine import Account, Api, CheckFailed, Reply, fresh

# The check the others that need a working cache run after.
CACHED = "a_repeated_anonymous_read_is_answered_from_the_cache"
COUNT = re.compile(
    r'^conduit_cache_(?P<name>[a-z_]+)_total\{family="(?P<family>[a-z]+)"[^}]*\}\s+(?P<n>\d+)'
)


def read(api: Api, path: str, *, token: str | None = None, if_none_match: str = "") -> Reply:
    """GET `path`, signed in with `token` if given, sending `If-None-Match` if given (and a
    header after it, as browsers send several)."""
    headers = (
        {"If-None-Match": if_none_match, "X-Requested-By": "checks"} if if_none_match else None
    )
    return api.get(path, token=token, headers=headers)


def counted(api: Api, name: str, family: str) -> int:
    """A counter of GET /metrics for `family` (tags, lists, article): `hits`, `not_modified`."""
    reply = api.get("/metrics")
    if reply.status != 200:
        raise CheckFailed(
            reply.request_line(),
            "200 with the cache's counters (conduit_cache_hits_total...)",
            reply.summary(),
            "GET /metrics is given: it answers once the app starts; is the workspace complete?",
        )
    total = 0
    for line in reply.text.splitlines():
        found = COUNT.match(line)
        if found and (found["name"], found["family"]) == (name, family):
            total += int(found["n"])
    return total


def hits(api: Api, family: str) -> int:
    """Anonymous reads of `family` answered from the cache so far."""
    return counted(api, "hits", family)


def expect_ok(reply: Reply, done: str, hint: str) -> None:
    """Fail unless the answer is 200."""
    if reply.status != 200:
        raise CheckFailed(f"{done}, then {reply.request_line()}", "200", reply.summary(), hint)


def publish(api: Api, author: Account, *, tags: list[str] | None = None, **fields: str) -> str:
    """A new article of `author`'s, with these tags; its slug."""
    created = api.create_article(author, tagList=tags or [], **fields)
    return str(created["slug"])


def new_tag() -> str:
    return fresh("tag")
