"""Run a lab's operations against both apps, and turn a difference into a verdict.

Hypothesis draws the sequences (from the seed alone: no example database, nothing else random)
and, when one shows a difference, shrinks it to the shortest sequence that still shows one.
"""

import json
import secrets
import string
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, settings
from hypothesis import seed as use_seed
from hypothesis.errors import HypothesisException
from hypothesis.stateful import run_state_machine_as_test

from labs.engine.checks import CheckFailed
from labs.engine.client import Api
from labs.engine.oracle.articles import ArticleRules
from labs.engine.oracle.comments import CommentRules
from labs.engine.oracle.exchange import Divergence
from labs.engine.oracle.machine import REFUSALS, machine_for
from labs.engine.oracle.probes import ProbeRules
from labs.engine.oracle.users import ProfileRules, UserRules

SEQUENCES = 5  # sequences drawn per run, when none differs
STEPS = 20  # operations per sequence, at most
SHOWN = 600  # characters of each answer shown in a verdict


class AllRules(UserRules, ProfileRules, ArticleRules, CommentRules, ProbeRules):
    """Every operation; a lab keeps those of its endpoints."""


@dataclass(frozen=True)
class Report:
    """What a run that found no difference did."""

    sequences: int
    requests: int  # sent to each app


def fresh_tag() -> str:
    """Letters that name this run's data, so that no earlier run's data is ever touched."""
    return "".join(secrets.choice(string.ascii_lowercase) for _ in range(4))


def behaves_like_reference(
    learner: Api,
    reference: Api,
    *,
    lab: str,
    regions: Mapping[str, Sequence[str]],
    seed: int,
    refusals: Iterable[str] = REFUSALS,
    sequences: int = SEQUENCES,
    steps: int = STEPS,
    tag: str | None = None,
    shrink: bool = True,
) -> Report:
    """Raise CheckFailed, with the shortest sequence that shows it, if the apps answer apart.

    `regions` maps each endpoint (or group of operations) the lab exercises to the regions a
    difference there points to; `refusals` are the kinds of refusal operations may ask for
    (see `machine.REFUSALS`): a lab asks for none that only other labs' regions answer.
    Without `shrink`, the first difference found is reported as it is (whether one is found
    does not change: shrinking starts after).
    """
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
        apis = (reference, learner)
        machine = machine_for(
            AllRules, frozenset(regions), frozenset(refusals), apis, pool, tag or fresh_tag()
        )
        try:
            run_state_machine_as_test(use_seed(seed)(machine), settings=chosen)
        except BaseException as error:
            divergence = _divergence(error)
            if divergence is None and isinstance(error, HypothesisException) and machine.seen:
                # Shrinking was cut short, or the app's answers hang on what earlier sequences
                # left (a list of every article's comments, say), so the same requests differ
                # another way when sent again: the shortest difference seen is told.
                divergence = min(machine.seen, key=lambda seen: len(seen.steps))
            if divergence is None:
                raise
            raise verdict(divergence, lab, regions, seed) from None
    return Report(next(machine.sequences), machine.requests[0])


def _divergence(error: BaseException) -> Divergence | None:
    if isinstance(error, Divergence):
        return error
    for inner in getattr(error, "exceptions", ()):  # a flaky failure groups what it saw
        found = _divergence(inner)
        if found is not None:
            return found
    return None


def _shown(answer: dict[str, Any]) -> str:
    text = json.dumps(answer, ensure_ascii=False)
    return text if len(text) <= SHOWN else text[: SHOWN - 3] + "..."


def verdict(
    divergence: Divergence, lab: str, regions: Mapping[str, Sequence[str]], seed: int
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
    return CheckFailed(
        sent=sent,
        expected=f"(the reference, to request {len(steps)}) {_shown(last.normalised['reference'])}",
        got=_shown(last.normalised["learner"]),
        hint=hint,
    )
