"""Every request sent to both apps, their answers compared, and the story kept for a verdict."""

import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from labs.engine.checks import CheckFailed
from labs.engine.client import Api, Reply
from labs.engine.oracle import normalise
from labs.engine.oracle.transcripts import Recording, Replay, Request

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
    """Sends each request to both apps, compares the answers, keeps every step.

    The reference's side is its app (`Api`, live) or a transcript of its answers (`Replay`);
    without a learner (`None`), the reference's answers are recorded into `recording`.
    """

    def __init__(
        self,
        reference: Api | Replay,
        learner: Api | None,
        pool: Executor,
        *,
        tag: str = "",
        recording: Recording | None = None,
    ) -> None:
        self.pool = pool
        self.reference = reference
        self.learner = learner
        self.tag = tag
        self.recording = recording
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
        cookie: PerSide = None,
        if_none_match: PerSide = None,
    ) -> Answer:
        """Send one request to both apps; raise Divergence unless they answer alike.

        `endpoint` names it for hints (`PUT /api/articles/{slug}`); `path` and `token` may
        differ by side (each app has its own slugs and tokens); `who` says who is signed in;
        `view` narrows a JSON answer to what the run may compare (the run's own tags, say);
        `cookie`, the Cookie header, may differ by side too (each app has its refresh tokens),
        as may `if_none_match` (each app tags its answers with its own ETags).
        """
        method = endpoint.split(" ")[0]
        sent = body if content is None else content
        request = Request(endpoint, path if isinstance(path, str) else None, sent, who)

        def one(side: Side) -> Reply:
            api = self.learner if side == "learner" else self.reference
            assert isinstance(api, Api)
            return self._one(
                api,
                side,
                method,
                _pick(path, side) or "",
                body,
                token,
                content,
                cookie,
                if_none_match,
            )

        replies: dict[Side, Reply] = {}
        normalised: dict[Side, dict[str, Any]] = {}
        if isinstance(self.reference, Replay):
            recorded = self.reference.answer(request)
            replies["reference"] = _recorded_reply(method, _pick(path, "reference"), sent, recorded)
            normalised["reference"] = recorded
            replies["learner"] = one("learner")
        elif self.learner is None:
            replies["reference"] = replies["learner"] = one("reference")
        else:
            # The reference answers from another thread (its server, another process or core)
            # while the learner's app answers here: a step costs the slower of the two.
            waiting = self.pool.submit(one, "reference")
            replies["learner"] = one("learner")
            replies["reference"] = waiting.result()
        for side in SIDES:
            if side in normalised or (side == "learner" and self.learner is None):
                continue
            if view is not None and replies[side].body is not None:
                replies[side].text = json.dumps(view(replies[side].body))
            if replies[side].method == "POST":  # what a POST makes is new, even an id seen before
                self.ids[side].forget(_created_id(replies[side].body))
            normalised[side] = normalise.reply(replies[side], self.ids[side])
        if self.learner is None:
            normalised["learner"] = normalised["reference"]
        shown = "" if content is None and body is None else " " + (content or json.dumps(body))
        step = Step(
            endpoint,
            f"{replies['learner'].method} {replies['learner'].path}"
            f"{f' (as {who})' if who else ''}{shown}",
            normalised,
        )
        self.steps.append(step)
        if self.recording is not None:
            self.recording.add(request, normalised["reference"])
        where = normalise.first_difference(normalised["reference"], normalised["learner"])
        if where is not None:
            raise Divergence(self.steps, where)
        return Answer(replies["reference"], replies["learner"])

    def _one(
        self,
        api: Api,
        side: Side,
        method: str,
        path: str,
        body: Any,
        token: PerSide,
        content: str | None,
        cookie: PerSide = None,
        if_none_match: PerSide = None,
    ) -> Reply:
        signed = _pick(token, side)
        sent_cookie, sent_tag = _pick(cookie, side), _pick(if_none_match, side)
        headers = {"Cookie": sent_cookie} if sent_cookie else {}
        if sent_tag:
            headers["If-None-Match"] = sent_tag
        try:
            return api.request(
                method, path, json=body, token=signed, content=content, headers=headers or None
            )
        except httpx.HTTPError as error:
            if side == "reference":
                raise ReferenceFailed(f"the reference did not answer {method} {path}") from error
            return Reply(method, path, body, 0, httpx.Headers(), f"(no answer: {error!r})")
        except CheckFailed as failed:  # no answer at all (a hang, a closed connection)
            if side == "reference":
                raise ReferenceFailed(f"the reference did not answer {method} {path}") from failed
            return Reply(method, path, body, 0, httpx.Headers(), f"(no answer: {failed.got})")


def _recorded_reply(method: str, path: str | None, sent: Any, answer: dict[str, Any]) -> Reply:
    """The reference's recorded answer, as a reply the operations can read (status, body)."""
    headers = httpx.Headers({"content-type": answer["type"]} if answer.get("type") else {})
    text = answer["text"] if "text" in answer else json.dumps(answer.get("body"))
    return Reply(method, path or "", sent, answer["status"], headers, text)


def _pick(value: PerSide, side: Side) -> str | None:
    return value(side) if callable(value) else value


def _created_id(body: Any) -> object:
    """The id of the comment an answer to a POST holds, if it holds one."""
    comment = body.get("comment") if isinstance(body, dict) else None
    return comment.get("id") if isinstance(comment, dict) else None
