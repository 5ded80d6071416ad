"""The reference's answers to a lab's public seeds, recorded once, replayed by `course check`.

    labs/labNN_*/oracle/seed-<S>.json      (written by `python -m labs.engine.oracle.record`)

A transcript holds, in order, every request one run of the oracle sent at seed S (its endpoint,
what was sent, as whom) and the reference's answer to it, normalised (`normalise`). Replaying
runs the same state machine at the same seed against the learner's app alone: Hypothesis draws
the same operations, because what the machine does depends only on the seed and on the
reference's answers, which the transcript gives back in the same order. No reference process,
and none of the reference's code, is needed to check a learner's app at a public seed.

The letters that name a run's data (`machine.Machine.ns`) are fresh for every run, so that a
server checked twice never meets its own earlier data: in a transcript they are `<run>`
(`<RUN>` where an answer shouted them), and a replay puts its own letters back.
"""

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FORMAT = 1
# The public seeds every lab has a transcript of: `course check` replays one of them (the test
# suite's lab matrix runs at 20261203, the mutation bench at 1); any other seed needs the
# reference itself (graders and instructors have it).
PUBLIC_SEEDS = (1, 2, 20261203)
FOLDER = "oracle"
RUN = "<run>"


class TranscriptError(RuntimeError):
    """A transcript is missing, unreadable or does not match the oracle's code: re-record it."""


def path_of(lab_folder: Path, seed: int) -> Path:
    return lab_folder / FOLDER / f"seed-{seed}.json"


def _tag_pattern(tag: str) -> re.Pattern[str]:
    # The run's letters always come before the sequence's three digits: elsewhere they are
    # ordinary text (a title, a message) and stay as they are.
    return re.compile(rf"{re.escape(tag)}(?=\d{{3}})", re.IGNORECASE)


def without_tag(value: Any, tag: str) -> Any:
    """`value` (JSON) with the run's letters replaced by `<run>` (or `<RUN>`, when shouted)."""
    pattern = _tag_pattern(tag)
    text = json.dumps(value, ensure_ascii=False)
    text = pattern.sub(lambda found: RUN.upper() if found[0].isupper() else RUN, text)
    return json.loads(text)


def with_tag(value: Any, tag: str) -> Any:
    """`value` (JSON, as recorded) with this run's letters put back."""
    text = json.dumps(value, ensure_ascii=False)
    text = text.replace(RUN.upper(), tag.upper()).replace(RUN, tag)
    return json.loads(text)


@dataclass
class Request:
    """What a transcript keeps of a request: enough to tell that a replay sends the same one."""

    endpoint: str
    path: str | None  # None where it is each app's own (a slug, a comment's id)
    sent: Any  # the JSON body, or the raw text of a body that is not JSON
    who: str

    def key(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "path": self.path, "sent": self.sent, "who": self.who}


@dataclass
class Transcript:
    """One run of a lab's oracle at one seed, as the reference answered it."""

    lab: str
    seed: int
    sequences: int  # the settings it was drawn with
    steps: int
    endpoints: list[str]
    refusals: list[str]
    ran: int = 0  # sequences run (a Report's figures)
    requests: list[dict[str, Any]] = field(default_factory=list)  # request key + "answer"

    def settings(self) -> dict[str, Any]:
        return {
            "sequences": self.sequences,
            "steps": self.steps,
            "endpoints": self.endpoints,
            "refusals": self.refusals,
        }

    def check_settings(
        self, endpoints: Iterable[str], refusals: Iterable[str], sequences: int, steps: int
    ) -> None:
        """TranscriptError unless this transcript was drawn for these settings."""
        wanted = {
            "sequences": sequences,
            "steps": steps,
            "endpoints": sorted(endpoints),
            "refusals": sorted(refusals),
        }
        if self.settings() != wanted:
            raise TranscriptError(
                f"lab {self.lab}'s transcript of seed {self.seed} was recorded for other "
                f"settings ({self.settings()}) than its check asks for ({wanted}): "
                f"re-record it with `python -m labs.engine.oracle.record {self.lab}`"
            )

    def dumps(self) -> str:
        """JSON, one request a line, so that a change reads well in a diff."""
        head = {"format": FORMAT, "lab": self.lab, "seed": self.seed, **self.settings()}
        head["ran"] = self.ran
        lines = [json.dumps(entry, ensure_ascii=False) for entry in self.requests]
        body = ",\n".join(lines)
        return json.dumps(head, ensure_ascii=False)[:-1] + ', "requests": [\n' + body + "\n]}\n"

    @classmethod
    def loads(cls, text: str) -> "Transcript":
        data: Mapping[str, Any] = json.loads(text)
        if data.get("format") != FORMAT:
            raise TranscriptError(f"a transcript of format {data.get('format')!r}, not {FORMAT}")
        return cls(
            lab=str(data["lab"]),
            seed=int(data["seed"]),
            sequences=int(data["sequences"]),
            steps=int(data["steps"]),
            endpoints=list(data["endpoints"]),
            refusals=list(data["refusals"]),
            ran=int(data["ran"]),
            requests=list(data["requests"]),
        )


def load(lab_folder: Path, seed: int) -> Transcript | None:
    """The lab's transcript of `seed`, or None when that seed was not recorded."""
    path = path_of(lab_folder, seed)
    if not path.is_file():
        return None
    try:
        return Transcript.loads(path.read_text(encoding="utf-8"))
    except (ValueError, KeyError, TypeError) as error:
        raise TranscriptError(f"{path} cannot be read ({error!r}): re-record it") from error


class Replay:
    """A transcript's answers, handed out in order to a run that sends the same requests."""

    def __init__(self, transcript: Transcript, tag: str) -> None:
        self.transcript = transcript
        self.tag = tag
        self.position = 0
        self.broken: TranscriptError | None = None  # the first request it had no answer to

    def answer(self, request: Request) -> dict[str, Any]:
        """The reference's normalised answer to `request`; TranscriptError if it was not next."""
        if self.broken is not None:
            raise self.broken
        recorded = self.transcript.requests
        sent = without_tag(request.key(), self.tag)
        if self.position >= len(recorded):
            self.broken = self._mismatch(sent, None)
            raise self.broken
        entry = recorded[self.position]
        expected = {key: entry.get(key) for key in sent}
        if expected != sent:
            self.broken = self._mismatch(sent, expected)
            raise self.broken
        self.position += 1
        answer: dict[str, Any] = with_tag(entry["answer"], self.tag)
        return answer

    def finish(self) -> None:
        """TranscriptError unless the run sent every recorded request."""
        left = len(self.transcript.requests) - self.position
        if left:
            entry = self.transcript.requests[self.position]
            raise self._mismatch(None, {key: entry.get(key) for key in Request.__annotations__})

    def _mismatch(
        self, sent: dict[str, Any] | None, expected: dict[str, Any] | None
    ) -> TranscriptError:
        lab, seed = self.transcript.lab, self.transcript.seed
        return TranscriptError(
            f"lab {lab}'s transcript of seed {seed} does not match the oracle's operations at "
            f"request {self.position + 1} (recorded: {expected}, sent now: {sent or 'nothing'}): "
            f"the oracle or the lab's check changed since it was recorded; re-record it with "
            f"`python -m labs.engine.oracle.record {lab}`"
        )


class Recording:
    """Collects a run's requests and the reference's normalised answers, as a transcript."""

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.requests: list[dict[str, Any]] = []

    def add(self, request: Request, answer: dict[str, Any]) -> None:
        entry = without_tag({**request.key(), "answer": answer}, self.tag)
        if self.tag in json.dumps(entry).lower():
            raise TranscriptError(
                f"the run's letters {self.tag!r} appear in {entry} other than as a namespace: "
                "record with other letters"
            )
        self.requests.append(entry)
