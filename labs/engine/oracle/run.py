"""Run a lab's operations against both apps, and turn a difference into a verdict.

Hypothesis draws the sequences (from the seed alone: no example database, nothing else random)
and, when one shows a difference, shrinks it to the shortest sequence that still shows one.
"""

import json
import secrets
import string
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import seed as use_seed
from hypothesis.errors import HypothesisException
from hypothesis.stateful import run_state_machine_as_test

from labs.engine.checks import CheckFailed
from labs.engine.client import Api
from labs.engine.limits import ORACLE_SECONDS
from labs.engine.oracle.articles import ArticleRules
from labs.engine.oracle.caching import CachingRules
from labs.engine.oracle.comments import CommentRules
from labs.engine.oracle.draws import from_the_seed_alone
from labs.engine.oracle.exchange import Divergence
from labs.engine.oracle.machine import REFUSALS, Machine, TooSlow, machine_for
from labs.engine.oracle.probes import ProbeRules
from labs.engine.oracle.sessions import SessionRules
from labs.engine.oracle.transcripts import (
    PUBLIC_SEEDS,
    Recording,
    Replay,
    Transcript,
    TranscriptError,
)
from labs.engine.oracle.users import ProfileRules, UserRules

SEQUENCES = 5  # sequences drawn per run, when none differs
STEPS = 20  # operations per sequence, at most
SHOWN = 600  # characters of each answer shown in a verdict
# The letters that name a recorded run's data (any will do: a transcript holds `<run>`).
RECORDING_TAG = "qzrc"


class AllRules(
    UserRules, ProfileRules, ArticleRules, CommentRules, ProbeRules, SessionRules, CachingRules
):
    """Every operation; a lab keeps those of its endpoints."""


@dataclass(frozen=True)
class Report:
    """What a run that found no difference did."""

    sequences: int
    requests: int  # sent to each app


def fresh_tag() -> str:
    """Letters that name this run's data, so that no earlier run's data is ever touched."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(4))


class Source(Protocol):
    """Where the reference's answers come from: a lab's transcripts, or the reference itself."""

    def transcript(self, lab: str, seed: int) -> Transcript | None:
        """The lab's recorded run at `seed`, if that seed was recorded."""

    def api(self) -> Api:
        """The reference app itself; ReferenceUnavailable where this install has none."""


class ReferenceUnavailable(RuntimeError):
    """Only recorded seeds can be replayed here: the reference app itself is not installed."""


def behaves_like_reference(
    learner: Api,
    reference: Api | Source,
    *,
    lab: str,
    regions: Mapping[str, Sequence[str]],
    seed: int,
    refusals: Iterable[str] = REFUSALS,
    sequences: int = SEQUENCES,
    steps: int = STEPS,
    tag: str | None = None,
    shrink: bool = True,
    seconds: float = ORACLE_SECONDS,
) -> Report:
    """Raise CheckFailed, with the shortest sequence that shows it, if the apps answer apart.

    `regions` maps each endpoint (or group of operations) the lab exercises to the regions a
    difference there points to; `refusals` are the kinds of refusal operations may ask for
    (see `machine.REFUSALS`): a lab asks for none that only other labs' regions answer.
    Without `shrink`, the first difference found is reported as it is (whether one is found
    does not change: shrinking starts after).

    `reference` is the reference app (`Api`), or a `Source`: then a seed it has a transcript
    of is replayed against the learner's app alone (its first difference told as recorded,
    unshrunk), and any other seed (grading's fresh one, or its replay) is run against the
    reference app, if installed, and then every public seed is replayed: a mistake that only
    some seeds' sequences show is caught by grading whenever a public seed shows it. The run
    is bounded by `seconds`: an app that answers too slowly fails, saying so.
    """
    refusals = frozenset(refusals)
    answers: Api | Replay
    unrecorded: Source | None = None  # a Source whose public seeds are replayed after
    started = time.monotonic()
    if isinstance(reference, Api):
        answers = reference
    else:
        transcript = reference.transcript(lab, seed)
        if transcript is None:
            answers = reference.api()
            unrecorded = reference
        else:
            transcript.check_settings(regions, refusals, sequences, steps)
            answers = Replay(transcript, tag or fresh_tag())
            shrink = False  # a transcript holds the answers to one run's requests, no others
    replaying = isinstance(answers, Replay)
    machine = _run(
        answers, learner, regions, refusals, seed, sequences, steps,
        tag=answers.tag if isinstance(answers, Replay) else tag or fresh_tag(),
        shrink=shrink, seconds=seconds, failed=lambda d: verdict(d, lab, regions, seed, replaying),
    )  # fmt: skip
    if isinstance(answers, Replay):
        answers.finish()  # every recorded request was sent again, none left over
    report = Report(next(machine.sequences), machine.requests[0])
    if unrecorded is None:
        return report
    left = seconds - (time.monotonic() - started)  # one bound for the whole run
    publics = _replay_public_seeds(learner, unrecorded, lab, regions, refusals, left)
    return Report(
        report.sequences + sum(p.sequences for p in publics),
        report.requests + sum(p.requests for p in publics),
    )


def _replay_public_seeds(
    learner: Api,
    reference: Source,
    lab: str,
    regions: Mapping[str, Sequence[str]],
    refusals: frozenset[str],
    seconds: float,
) -> list[Report]:
    """Every recorded public seed, replayed against the learner's app (the first to differ fails).

    They come after the seed's own sequences (whose verdict is shrunk), in a fixed order, so
    that a run at a seed nobody recorded is the same run whenever it is replayed; a verdict
    from one of them names that public seed.
    """
    reports = []
    deadline = time.monotonic() + seconds
    for public in PUBLIC_SEEDS:
        if reference.transcript(lab, public) is None:
            continue
        left = deadline - time.monotonic()
        report = behaves_like_reference(
            learner, reference, lab=lab, regions=regions, seed=public, refusals=refusals,
            seconds=left,
        )  # fmt: skip
        reports.append(report)
    return reports


def record(
    reference: Api,
    *,
    lab: str,
    regions: Mapping[str, Sequence[str]],
    seed: int,
    refusals: Iterable[str] = REFUSALS,
    sequences: int = SEQUENCES,
    steps: int = STEPS,
    tag: str = RECORDING_TAG,
) -> Transcript:
    """One run of a lab's operations at `seed`, as the reference answers them."""
    recording = Recording(tag)
    machine = _run(
        reference, None, regions, frozenset(refusals), seed, sequences, steps, tag=tag,
        shrink=False, seconds=float("inf"), failed=_cannot_record, recording=recording,
    )  # fmt: skip
    for number, entry in enumerate(recording.requests, 1):
        if entry["answer"]["status"] >= 500:
            raise TranscriptError(
                f"the reference answered {entry['answer']['status']} to request {number} "
                f"({entry['endpoint']}) of lab {lab} at seed {seed}: fix it before recording"
            )
    return Transcript(
        lab=lab,
        seed=seed,
        sequences=sequences,
        steps=steps,
        endpoints=sorted(regions),
        refusals=sorted(refusals),
        ran=next(machine.sequences),
        requests=recording.requests,
    )


def _cannot_record(divergence: Divergence) -> Exception:
    return TranscriptError(f"the reference differs from itself while recording: {divergence}")


def _run(
    reference: Api | Replay,
    learner: Api | None,
    regions: Mapping[str, Sequence[str]],
    refusals: frozenset[str],
    seed: int,
    sequences: int,
    steps: int,
    *,
    tag: str,
    shrink: bool,
    seconds: float,
    failed: Callable[[Divergence], Exception],
    recording: Recording | None = None,
) -> type[Machine]:
    """Run the machine; raise `failed(difference)` for the difference it finds, if any."""
    chosen = settings(
        max_examples=sequences,
        stateful_step_count=steps,
        database=None,
        deadline=None,
        derandomize=False,
        phases=(Phase.generate, Phase.shrink) if shrink else (Phase.generate,),
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        report_multiple_bugs=False,
        print_blob=False,
    )
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reference") as pool:
        machine = machine_for(
            AllRules, frozenset(regions), refusals, reference, learner, pool, tag,
            recording=recording, deadline=time.monotonic() + seconds,
        )  # fmt: skip
        try:
            with from_the_seed_alone():
                run_state_machine_as_test(use_seed(seed)(machine), settings=chosen)
        except BaseException as error:
            if isinstance(reference, Replay) and reference.broken is not None:
                raise reference.broken from None  # however Hypothesis took it
            divergence = _found(error, Divergence)
            slow = _found(error, TooSlow)
            if divergence is None and machine.seen and (slow or _found(error, HypothesisException)):
                # Shrinking was cut short, or the app's answers hang on what earlier sequences
                # left (a list of every article's comments, say), so the same requests differ
                # another way when sent again: the shortest difference seen is told.
                divergence = min(machine.seen, key=lambda seen: len(seen.steps))
            if divergence is not None:
                raise failed(divergence) from None
            if slow is not None:
                raise too_slow(slow, seconds) from None
            raise
    return machine


E = TypeVar("E", bound=BaseException)


def _found(error: BaseException, kind: type[E]) -> E | None:
    if isinstance(error, kind):
        return error
    for inner in getattr(error, "exceptions", ()):  # a flaky failure groups what it saw
        found = _found(inner, kind)
        if found is not None:
            return found
    return None


def too_slow(slow: TooSlow, seconds: float) -> CheckFailed:
    return CheckFailed(
        sent=f"{slow.requests} requests of the oracle's random use",
        expected=f"every answer within the oracle's {seconds:.0f} s (the reference takes ~1 s)",
        got=f"time ran out after {slow.requests} requests",
        hint="your app answers very slowly or not at all: look for a loop that never ends, "
        "or a query run once per row",
    )


def _shown(answer: dict[str, Any]) -> str:
    text = json.dumps(answer, ensure_ascii=False)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def verdict(
    divergence: Divergence,
    lab: str,
    regions: Mapping[str, Sequence[str]],
    seed: int,
    replayed: bool = False,
) -> CheckFailed:
    """The failure a learner reads: the requests, both answers, where to look, how to replay."""
    steps = divergence.steps
    last = steps[-1]
    sent = "\n".join(f"{number}. {step.line}" for number, step in enumerate(steps, 1))
    looked: list[str] = []
    for step in [last, *reversed(steps[:-1])]:
        looked += [name for name in regions.get(step.endpoint, ()) if name not in looked]
    where = f"the region(s) {', '.join(looked)}" if looked else "the code behind these requests"
    hint = (
        f"request {len(steps)} is answered unlike the reference (they differ at "
        f"{divergence.where}); look at {where}. <token>, <timestamp>, <id N> and -<suffix> "
        f"stand for values that may differ. Replay exactly: course check {lab} --seed {seed}"
    )
    if replayed:
        hint += (
            " (a recorded run, replayed: these are its requests up to the first difference, "
            "not shrunk to the fewest; grading shrinks them)"
        )
    return CheckFailed(
        sent=sent,
        expected=f"(the reference, to request {len(steps)}) {_shown(last.normalised['reference'])}",
        got=_shown(last.normalised["learner"]),
        hint=hint,
    )
