"""What a right answer looks like: each function takes a decoded JSON body and returns what is
wrong with it, as one sentence, or None when nothing is.

The scenarios mark a response whose status or fields are wrong as a failure, so a server that
answers fast and wrong does not pass a load test. These functions know nothing of Locust, so
the test suite runs them as they are.
"""

from collections.abc import Collection, Mapping, Sequence
from typing import Any

Problem = str | None

PROFILE_FIELDS = {"username": str, "bio": str, "image": str, "following": bool}
ARTICLE_FIELDS = {
    "slug": str,
    "title": str,
    "description": str,
    "tagList": list,
    "createdAt": str,
    "updatedAt": str,
    "favorited": bool,
    "favoritesCount": int,
    "author": dict,
}


def _wrapped(body: Any, key: str) -> tuple[Any, Problem]:
    if not isinstance(body, dict) or key not in body:
        return None, f"the answer is not wrapped in {{{key!r}: ...}}: {str(body)[:120]}"
    return body[key], None


def _fields(thing: Any, fields: Mapping[str, type], what: str) -> Problem:
    if not isinstance(thing, dict):
        return f"{what} is not an object: {str(thing)[:120]}"
    for name, kind in fields.items():
        if not isinstance(thing.get(name), kind):
            return f"{what}'s {name!r} is {thing.get(name)!r}, not a {kind.__name__}"
    return None


def _differs(thing: dict[str, Any], what: str, **wanted: Any) -> Problem:
    for name, value in wanted.items():
        if value is not None and thing.get(name) != value:
            return f"{what}'s {name!r} is {thing.get(name)!r}, expected {value!r}"
    return None


def profile(body: Any, *, username: str | None = None, following: bool | None = None) -> Problem:
    """`{"profile": {...}}` for this username, followed or not as said."""
    found, problem = _wrapped(body, "profile")
    return (
        problem
        or _fields(found, PROFILE_FIELDS, "the profile")
        or _differs(found, "the profile", username=username, following=following)
    )


def article_fields(article: Any, *, full: bool = False, **wanted: Any) -> Problem:
    """An article's fields and types (with its body when `full`); `wanted` fields (title=...,
    tagList=...) with these values."""
    fields = ARTICLE_FIELDS | ({"body": str} if full else {})
    problem = _fields(article, fields, "the article")
    if problem:
        return problem
    if article["tagList"] != sorted(article["tagList"]):
        return f"the tagList {article['tagList']} is not sorted"
    author = wanted.pop("author", None)
    following = wanted.pop("following", None)
    return (
        _differs(article, "the article", **wanted)
        or _fields(article["author"], PROFILE_FIELDS, "the author")
        or _differs(article["author"], "the author", username=author, following=following)
    )


def article(answer: Any, **wanted: Any) -> Problem:
    """`{"article": {...}}` with its body, and the `wanted` values."""
    found, problem = _wrapped(answer, "article")
    return problem or article_fields(found, full=True, **wanted)


def article_list(
    body: Any,
    *,
    limit: int,
    count: int | None = None,
    at_least: int = 0,
    tag: str | None = None,
    author: str | None = None,
    following: bool | None = None,
) -> Problem:
    """A page of at most `limit` articles, newest first, all matching the filter, counted right.

    `count` is the exact number of matching articles when it is known, `at_least` a floor when
    others may be writing meanwhile.
    """
    articles, problem = _wrapped(body, "articles")
    if problem:
        return problem
    total = body.get("articlesCount")
    if not isinstance(articles, list) or not isinstance(total, int):
        return f"articles is not a list or articlesCount not a number: {str(body)[:120]}"
    if len(articles) > limit:
        return f"{len(articles)} articles on a page of limit={limit}"
    if count is not None and total != count:
        return f"articlesCount is {total}, expected {count}"
    if total < max(at_least, len(articles)):
        return f"articlesCount is {total}, expected at least {max(at_least, len(articles))}"
    for each in articles:
        if problem := article_fields(each, author=author, following=following):
            return problem
        if tag is not None and tag not in each["tagList"]:
            return f"article {each['slug']!r} in the list of tag {tag!r} has {each['tagList']}"
    dates = [each["createdAt"] for each in articles]
    if dates != sorted(dates, reverse=True):
        return "the articles are not newest first"
    return None


def tags(body: Any, *, including: Collection[str] = ()) -> Problem:
    """`{"tags": [...]}`, without repeats, holding every tag in `including`."""
    found, problem = _wrapped(body, "tags")
    if problem:
        return problem
    if not isinstance(found, list) or len(set(found)) != len(found):
        return f"the tags are not a list without repeats: {str(found)[:120]}"
    missing = sorted(set(including) - set(found))
    return f"the tags lack {missing[:3]}" if missing else None


def user(body: Any, *, username: str, email: str | None = None) -> Problem:
    """`{"user": {...}}` of this user, with a token."""
    found, problem = _wrapped(body, "user")
    fields = {"username": str, "email": str, "token": str, "bio": str}
    return (
        problem
        or _fields(found, fields, "the user")
        or _differs(found, "the user", username=username, email=email)
        or (None if found["token"].count(".") == 2 else "the token is not a JWT")
    )


def comments(body: Any, *, bodies: Sequence[str] = ()) -> Problem:
    """`{"comments": [...]}`, each with an id, a body and an author, holding `bodies`."""
    found, problem = _wrapped(body, "comments")
    if problem:
        return problem
    if not isinstance(found, list):
        return f"comments is not a list: {str(found)[:120]}"
    for each in found:
        if problem := _fields(each, {"id": int, "body": str, "author": dict}, "a comment"):
            return problem
    missing = set(bodies) - {each["body"] for each in found}
    return f"the comments lack {sorted(missing)[:1]}" if missing else None


def comment(body: Any, *, text: str, author: str) -> Problem:
    found, problem = _wrapped(body, "comment")
    return (
        problem
        or _fields(found, {"id": int, "body": str, "author": dict}, "the comment")
        or _differs(found, "the comment", body=text)
        or _differs(found["author"], "the comment's author", username=author)
    )


def errors(body: Any, *, field: str) -> Problem:
    """`{"errors": {field: ["message", ...]}}`: the error envelope, naming the field."""
    found, problem = _wrapped(body, "errors")
    if problem:
        return problem
    if not isinstance(found, dict) or field not in found:
        return f"the errors do not name {field!r}: {str(found)[:120]}"
    messages = found[field]
    if not isinstance(messages, list) or not all(isinstance(m, str) for m in messages):
        return f"errors[{field!r}] is not a list of messages: {messages!r}"
    return None


def health(body: Any) -> Problem:
    if not isinstance(body, dict) or body.get("status") != "ok":
        return f"/health did not say status ok: {str(body)[:120]}"
    return None
