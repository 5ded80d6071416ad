"""What may honestly differ between two correct answers, and nothing else, written as rules.

The oracle sends the same request to the learner's app and to the reference, then compares
their answers once each is normalised by these rules (and only these):

- `token`: any non-empty string is `<token>`: tokens are signed with each app's own key and
  stamped with the time; whether a token works is checked by using it.
- `createdAt`, `updatedAt`: any ISO 8601 date and time is `<timestamp>`.
- `slug`: a final `-` and six hexadecimal digits, the random suffix that keeps two articles of
  one title apart, is `-<suffix>`; the rest of the slug must be the same.
- `id` (a comment's): each app's ids are named in the order it first shows them, `<id 1>`,
  `<id 2>`...: the numbers depend on what the database held before, their order does not.
- error messages: `{"errors": {field: [message, ...]}}` keeps the fields and becomes
  `{field: ["<message>"]}` when each is a non-empty list of non-empty strings: the wording is
  free, the fields and the envelope are not.
- headers: only the status, the media type (`application/json`, without parameters) and the
  scheme of `WWW-Authenticate` are compared.

Every other value (usernames, emails, titles, bodies, tag lists, counts, flags, the order of
every list) must be equal. Values that do not fit a rule's shape are left as they are, so they
show as a difference.
"""

import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from labs.engine.client import Reply

SLUG_SUFFIX = re.compile(r"-[0-9a-f]{6}$")
TIMESTAMP_KEYS = frozenset({"createdAt", "updatedAt"})


class Ids:
    """One app's ids, named in the order they first appear."""

    def __init__(self) -> None:
        self.names: dict[object, str] = {}
        self.count = 0

    def name(self, value: object) -> str:
        if value not in self.names:
            self.count += 1
            self.names[value] = f"<id {self.count}>"
        return self.names[value]

    def forget(self, value: object) -> None:
        """A deleted row's id: a database may give it again (SQLite reuses the highest id once
        its row is deleted; PostgreSQL and MariaDB never do), and both are right."""
        self.names.pop(value, None)


def is_timestamp(value: object) -> bool:
    if not isinstance(value, str) or "T" not in value:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _messages(errors: object) -> object:
    if not isinstance(errors, dict):
        return errors
    return {
        field: ["<message>"]
        if isinstance(messages, list)
        and messages
        and all(isinstance(m, str) and m for m in messages)
        else messages
        for field, messages in errors.items()
    }


def _value(key: str, value: Any, ids: Ids) -> Any:
    if key == "token" and isinstance(value, str) and value:
        return "<token>"
    if key in TIMESTAMP_KEYS and is_timestamp(value):
        return "<timestamp>"
    if key == "slug" and isinstance(value, str):
        return SLUG_SUFFIX.sub("-<suffix>", value)
    if key == "id" and isinstance(value, int) and not isinstance(value, bool):
        return ids.name(value)
    if key == "errors":
        return _messages(value)
    return body(value, ids)


def body(value: Any, ids: Ids) -> Any:
    """A JSON value with the rules applied to every object in it."""
    if isinstance(value, dict):
        return {key: _value(str(key), item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [body(item, ids) for item in value]
    return value


def reply(answer: Reply, ids: Ids) -> dict[str, Any]:
    """What is compared of an answer: status, media type, WWW-Authenticate scheme, body."""
    media_type = answer.headers.get("content-type", "").split(";")[0].strip().lower()
    scheme = answer.headers.get("www-authenticate", "").strip().split(" ")[0].lower()
    parsed = answer.body
    shown: dict[str, Any] = {"status": answer.status, "type": media_type or None}
    if scheme:
        shown["www-authenticate"] = scheme
    if parsed is None and answer.text.strip() != "null":
        shown["text"] = answer.text
    else:
        shown["body"] = body(parsed, ids)
    return shown


def first_difference(expected: Any, got: Any, where: str = "") -> str | None:
    """Where two normalised values first differ (`body.articles[0].tagList`), None if equal."""
    for path, left, right in _pairs(expected, got, where):
        if left != right:
            return path or "(the whole answer)"
    return None


def _pairs(left: Any, right: Any, where: str) -> Iterator[tuple[str, Any, Any]]:
    if isinstance(left, dict) and isinstance(right, dict):
        for key in [*left, *(k for k in right if k not in left)]:
            path = f"{where}.{key}" if where else str(key)
            if key not in left or key not in right:
                yield path, left.get(key, "<missing>"), right.get(key, "<missing>")
            else:
                yield from _pairs(left[key], right[key], path)
    elif isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            yield from _pairs(a, b, f"{where}[{index}]")
    else:
        yield where, left, right
