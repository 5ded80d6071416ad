"""Every request sent to both apps, their answers compared, and the story kept for a verdict."""

import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from labs.engine.client import Api, Reply
from labs.engine.oracle import normalise

Side = Literal["reference", "learner"]
SIDES: tuple[Side, ...] = ("reference", "learner")
# A part of a request that differs by side (a slug, a token), or is the same for both.
PerSide = Callable[[Side], str] | str | None


@dataclass
class Step:
    """One request as the learner's app received it, and the endpoint it went to."""

    endpoint: str
    line: str
    normalised: dict[Side, dict[str, Any]] = field(default_factory=dict)


class Divergence(AssertionError):
    """The learner's app answered a request otherwise than the reference did."""

    def __init__(self, steps: list[Step], where: str) -> None:
        super().__init__(f"request {len(steps)} ({steps[-1].line}) differs at {where}")
        self.steps = list(steps)
        self.where = where


class ReferenceFailed(RuntimeError):
    """The reference could not be reached: the oracle cannot judge, whatever the learner did."""


@dataclass
class Answer:
    """Both apps' answers to one request (the same once normalised)."""

    reference: Reply
    learner: Reply

    def of(self, side: Side) -> Reply:
        return self.reference if side == "reference" else self.learner

    @property
    def sides(self) -> tuple[Side, ...]:
        return SIDES

    @property
    def status(self) -> int:
        return self.reference.status


class Exchange:
    """Sends each request to both apps, compares the answers, keeps every step."""

    def __init__(self, reference: Api, learner: Api, pool: Executor) -> None:
        self.pool = pool
        self.apis: dict[Side, Api] = {"reference": reference, "learner": learner}
        self.ids: dict[Side, normalise.Ids] = {side: normalise.Ids() for side in SIDES}
        self.steps: list[Step] = []

    def send(
        self,
        endpoint: str,
        path: PerSide,
        *,
        body: Any = None,
        token: PerSide = None,
        content: str | None = None,
        who: str = "",
        view: Callable[[Any], Any] | None = None,
    ) -> Answer:
        """Send one request to both apps; raise Divergence unless they answer alike.

        `endpoint` names it for hints (`PUT /api/articles/{slug}`); `path` and `token` may
        differ by side (each app has its own slugs and tokens); `who` says who is signed in;
        `view` narrows a JSON answer to what the run may compare (the run's own tags, say).
        """
        method = endpoint.split(" ")[0]

        def one(side: Side) -> Reply:
            return self._one(side, method, _pick(path, side) or "", body, token, content)

        # The reference answers from another thread (its server, another process or core)
        # while the learner's app answers here: a step costs the slower of the two.
        waiting = self.pool.submit(one, "reference")
        replies: dict[Side, Reply] = {"learner": one("learner")}
        replies["reference"] = waiting.result()
        for side in SIDES:
            if view is not None and replies[side].body is not None:
                replies[side].text = json.dumps(view(replies[side].body))
        sent = "" if content is None and body is None else " " + (content or json.dumps(body))
        step = Step(
            endpoint,
            f"{replies['learner'].method} {replies['learner'].path}"
            f"{f' (as {who})' if who else ''}{sent}",
        )
        self.steps.append(step)
        for side in SIDES:
            if replies[side].method == "POST":  # what a POST makes is new, even an id seen before
                self.ids[side].forget(_created_id(replies[side].body))
            step.normalised[side] = normalise.reply(replies[side], self.ids[side])
        where = normalise.first_difference(step.normalised["reference"], step.normalised["learner"])
        if where is not None:
            raise Divergence(self.steps, where)
        return Answer(replies["reference"], replies["learner"])

    def _one(
        self, side: Side, method: str, path: str, body: Any, token: PerSide, content: str | None
    ) -> Reply:
        signed = _pick(token, side)
        try:
            return self.apis[side].request(method, path, json=body, token=signed, content=content)
        except httpx.HTTPError as error:
            if side == "reference":
                raise ReferenceFailed(f"the reference did not answer {method} {path}") from error
            return Reply(method, path, body, 0, httpx.Headers(), f"(no answer: {error!r})")


def _pick(value: PerSide, side: Side) -> str | None:
    return value(side) if callable(value) else value


def _created_id(body: Any) -> object:
    """The id of the comment an answer to a POST holds, if it holds one."""
    comment = body.get("comment") if isinstance(body, dict) else None
    return comment.get("id") if isinstance(comment, dict) else None
