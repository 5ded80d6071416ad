"""What a check is written with: the `check` decorator and failures that explain themselves.

    @check(points=2, task="Health", rule="course", catches=["health_plain_text"])
    def test_health_answers_ok(api: Api) -> None:
        \"\"\"GET /health answers 200 with {"status": "ok"}.\"\"\"

The docstring is the sentence the learner sees. `rule` says what the check holds the app
to: "contract", the public RealWorld API contract (../shared/realworld/), which any conformant
backend meets; "course", a rule of this course beyond it (the /health endpoint, error bodies
naming the field, 405 for a wrong method, the password rule, bcrypt...). Results report the two
apart, so that a correct RealWorld backend written elsewhere scores full on the contract.
`catches` names the wrong implementations (in the lab's `mistakes/` folder) that this check must
fail; `after` names checks that must pass first (this one is skipped otherwise); `inside` marks
a check that looks inside the app (its database, its secret), which is not applicable when
checking a server by URL.
"""

from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar

import pytest

from labs.engine.client import Reply

F = TypeVar("F", bound=Callable[..., Any])
Rule = Literal["contract", "course"]
RULES: tuple[Rule, ...] = ("contract", "course")


def check(
    *,
    points: int,
    task: str,
    rule: Rule,
    catches: Sequence[str] = (),
    after: Sequence[str] = (),
    inside: bool = False,
) -> Callable[[F], F]:
    """Declare a function as a check worth `points`, for `task`, of the contract or the course."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, not {rule!r}")

    def mark(function: F) -> F:
        marker = pytest.mark.check(
            points=points,
            task=task,
            rule=rule,
            catches=tuple(catches),
            after=tuple(after),
            inside=inside,
        )
        return marker(function)  # type: ignore[no-any-return]

    return mark


class CheckFailed(AssertionError):
    """A check's verdict, in the four parts a learner needs: sent, expected, got, hint."""

    def __init__(self, sent: str, expected: str, got: str, hint: str) -> None:
        super().__init__(
            f"sent:     {sent}\nexpected: {expected}\ngot:      {got}\nhint:     {hint}"
        )
        self.sent = sent
        self.expected = expected
        self.got = got
        self.hint = hint


def fail(reply: Reply, expected: str, hint: str) -> CheckFailed:
    return CheckFailed(reply.request_line(), expected, reply.summary(), hint)


def expect(condition: bool, reply: Reply, expected: str, hint: str) -> None:
    """Fail with the reply's story unless `condition` holds."""
    if not condition:
        raise fail(reply, expected, hint)


def expect_status(reply: Reply, status: int, hint: str) -> None:
    expect(reply.status == status, reply, f"status {status}", hint)


def dig(body: Any, *keys: str) -> Any:
    """`body[k1][k2]...`, or None when any part is missing."""
    for key in keys:
        if not isinstance(body, dict) or key not in body:
            return None
        body = body[key]
    return body


def _path(keys: Sequence[str]) -> str:
    return "".join(f"[{key!r}]" for key in keys) or "the body"


def expect_object(reply: Reply, *keys: str, hint: str) -> dict[str, Any]:
    """`reply.body[k1][k2]...`, a JSON object; fail with the reply's story when it is not one.

    A server may answer in any shape: text, a list, an object without the key. Reading it
    through here makes that a verdict (sent, expected, got), not a crash of the check.
    """
    found = dig(reply.body, *keys)
    expect(isinstance(found, dict), reply, f"a JSON object at {_path(keys)}", hint)
    return dict(found)


def expect_objects(reply: Reply, *keys: str, hint: str) -> list[dict[str, Any]]:
    """`reply.body[k1]...`, a JSON list of objects; fail with the reply's story otherwise."""
    found = dig(reply.body, *keys)
    expect(
        isinstance(found, list) and all(isinstance(item, dict) for item in found),
        reply,
        f"a JSON list of objects at {_path(keys)}",
        hint,
    )
    return [dict(item) for item in found]


def _messages(value: Any) -> bool:
    """A field's messages: a non-empty list of sentences, none of them blank."""
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(message, str) and message.strip() for message in value)
    )


def expect_errors(reply: Reply, status: int, field: str | None, hint: str) -> None:
    """Expect `status` and the error envelope {"errors": {field: [messages]}}."""
    errors = dig(reply.body, "errors")
    wanted = f'status {status} and {{"errors": {{"{field or "<field>"}": ["<message>", ...]}}}}'
    expect(reply.status == status, reply, wanted, hint)
    expect(
        isinstance(errors, dict)
        and bool(errors)
        and (field is None or field in errors)
        and all(_messages(m) for m in errors.values()),
        reply,
        wanted,
        hint,
    )
