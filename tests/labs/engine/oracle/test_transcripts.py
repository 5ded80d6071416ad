"""Recorded runs: kept current, replayed exactly, telling the same difference as the live oracle."""

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from labs.engine.catalog import LABS_ROOT, Lab, all_labs
from labs.engine.checks import CheckFailed
from labs.engine.client import Api
from labs.engine.oracle.record import oracle_of, write
from labs.engine.oracle.reference import reference_here
from labs.engine.oracle.run import SEQUENCES, STEPS, behaves_like_reference
from labs.engine.oracle.transcripts import (
    PUBLIC_SEEDS,
    Transcript,
    TranscriptError,
    load,
    path_of,
    with_tag,
    without_tag,
)
from tests.labs.engine.oracle.test_run import TagsReversed

LABS = list(all_labs().values())
# A run's letters and its sequence's number (Hypothesis sends a failing sequence again, afresh),
# in either case: a login may send its email in capitals.
RUN = re.compile(r"\b[a-z]{4}\d{3}\b", re.IGNORECASE)


class Transcripts:
    """A `Source` that has the kept transcripts and no reference app."""

    def __init__(self, root: Path = LABS_ROOT) -> None:
        self.root = root

    def transcript(self, lab: str, seed: int) -> Transcript | None:
        return load(self.root / all_labs()[lab].folder.name, seed)

    def api(self) -> Api:
        raise AssertionError("a recorded seed needs no reference app")


class TranscriptsAndReference(Transcripts):
    """A `Source` with the kept transcripts and the reference app, as the grader has."""

    def __init__(self, reference: Api) -> None:
        super().__init__()
        self.reference = reference

    def api(self) -> Api:
        return self.reference


@pytest.fixture(scope="module")
def learner() -> Iterator[Api]:
    """The reference app, checked as a learner's would be."""
    with reference_here() as api:
        yield api


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_every_lab_has_a_transcript_of_every_public_seed(lab: Lab) -> None:
    for seed in PUBLIC_SEEDS:
        transcript = load(lab.folder, seed)
        assert transcript is not None, f"{path_of(lab.folder, seed)} is missing: record it"
        regions, refusals = oracle_of(lab)
        transcript.check_settings(regions, refusals, SEQUENCES, STEPS)
        assert transcript.requests


@pytest.mark.parametrize("lab", LABS, ids=lambda lab: lab.number)
def test_the_kept_transcripts_are_what_recording_gives_again(lab: Lab, tmp_path: Path) -> None:
    """One seed per lab, a different one for each, so that every seed is re-recorded."""
    seed = PUBLIC_SEEDS[LABS.index(lab) % len(PUBLIC_SEEDS)]
    (written,) = write(lab, tmp_path, seeds=[seed])
    again = written.read_text(encoding="utf-8")
    kept = path_of(lab.folder, seed).read_text(encoding="utf-8")
    assert again == kept, (
        f"lab {lab.number}'s transcript of seed {seed} is stale: the oracle, the lab's check or "
        f"the reference changed. Re-record: python -m labs.engine.oracle.record {lab.number}"
    )


def test_the_reference_replays_every_recorded_seed_twice_on_one_app(learner: Api) -> None:
    """Twice on one app: each replay names its data afresh, as a run by URL must."""
    lab = all_labs()["03"]
    regions, refusals = oracle_of(lab)
    for seed in [*PUBLIC_SEEDS, PUBLIC_SEEDS[0]]:
        report = behaves_like_reference(
            learner, Transcripts(), lab="03", regions=regions, seed=seed, refusals=refusals
        )
        assert report.requests == len(load(lab.folder, seed).requests)  # type: ignore[union-attr]


def test_a_replay_tells_the_difference_the_live_oracle_finds_first(learner: Api) -> None:
    lab = all_labs()["03"]
    regions, refusals = oracle_of(lab)
    seed = PUBLIC_SEEDS[0]
    mistaken = TagsReversed(learner.transport)
    verdicts = []
    with reference_here() as live:
        for reference in (Transcripts(), live):
            with pytest.raises(CheckFailed) as failed:
                behaves_like_reference(
                    mistaken, reference, lab=lab.number, regions=regions, seed=seed,
                    refusals=refusals, shrink=False,
                )  # fmt: skip
            error = failed.value
            verdicts.append(
                [RUN.sub("<run>", part) for part in (error.sent, error.expected, error.got)]
            )
            hint = error.hint
    replayed, live_verdict = verdicts
    assert replayed == live_verdict
    assert "tagList" in hint


def test_a_transcript_that_no_longer_matches_the_operations_says_to_re_record(
    learner: Api, tmp_path: Path
) -> None:
    lab = all_labs()["03"]
    regions, refusals = oracle_of(lab)
    seed = PUBLIC_SEEDS[0]
    kept = load(lab.folder, seed)
    assert kept is not None
    kept.requests[3]["endpoint"] = "GET /api/somewhere-else"
    path = path_of(tmp_path / lab.folder.name, seed)
    path.parent.mkdir(parents=True)
    path.write_text(kept.dumps(), encoding="utf-8")
    with pytest.raises(
        TranscriptError, match=r"request 4 .*python -m labs.engine.oracle.record 03"
    ):
        behaves_like_reference(
            learner, Transcripts(tmp_path), lab="03", regions=regions, seed=seed,
            refusals=refusals,
        )  # fmt: skip
    with pytest.raises(TranscriptError, match="other settings"):
        behaves_like_reference(
            learner, Transcripts(), lab="03", regions=regions, seed=seed, refusals=["invalid"]
        )


def test_a_seed_not_recorded_also_replays_every_public_seed(learner: Api) -> None:
    """Grading's fresh seed: a mistake that any public seed shows is caught every time."""
    lab = all_labs()["03"]
    regions, refusals = oracle_of(lab)
    unrecorded = max(PUBLIC_SEEDS) + 1
    with reference_here() as live:
        report = behaves_like_reference(
            learner, TranscriptsAndReference(live), lab="03", regions=regions, seed=unrecorded,
            refusals=refusals,
        )  # fmt: skip
        alone = behaves_like_reference(
            learner, live, lab="03", regions=regions, seed=unrecorded, refusals=refusals
        )
        transcripts = [load(lab.folder, seed) for seed in PUBLIC_SEEDS]
        recorded = [len(transcript.requests) for transcript in transcripts if transcript]
        assert report.requests == alone.requests + sum(recorded)
        # A mistake the seed's own sequences cannot show (the live side makes it too) is
        # still caught by the first public seed that shows it (the test above: the first one).
        reversed_live = TranscriptsAndReference(TagsReversed(live.transport))
        with pytest.raises(CheckFailed) as failed:
            behaves_like_reference(
                TagsReversed(learner.transport), reversed_live, lab="03", regions=regions,
                seed=unrecorded, refusals=refusals,
            )  # fmt: skip
    assert f"--seed {PUBLIC_SEEDS[0]} (a recorded run, replayed" in failed.value.hint


@pytest.mark.parametrize(
    ("value", "tag", "recorded"),
    [
        ({"username": "ada-abcd001"}, "abcd", {"username": "ada-<run>001"}),
        ({"email": "ADA-ABCD001@EXAMPLE.ORG"}, "abcd", {"email": "ADA-<RUN>001@EXAMPLE.ORG"}),
        # Not followed by a sequence's three digits: ordinary text, kept.
        (
            {"body": "First!", "title": "first001 x"},
            "first",
            {"body": "First!", "title": "<run>001 x"},
        ),
    ],
)
def test_the_run_letters_are_kept_out_of_a_transcript_and_put_back(
    value: dict[str, Any], tag: str, recorded: dict[str, Any]
) -> None:
    assert without_tag(value, tag) == recorded
    assert with_tag(recorded, tag) == value
    assert json.loads(json.dumps(recorded)) == recorded


def test_a_seed_not_recorded_where_the_reference_is_not_installed_skips_saying_so(
    learner: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labs.engine import oracle
    from labs.engine.oracle import reference as module

    def no_start() -> Any:
        raise AssertionError("nothing to start: the reference is not here")

    monkeypatch.setattr(module, "reference_installed", lambda: False)
    lab = all_labs()["03"]
    regions, refusals = oracle_of(lab)
    unrecorded = max(PUBLIC_SEEDS) + 1
    with pytest.raises(pytest.skip.Exception, match=r"seed was not recorded.*instructors"):
        oracle.behaves_like_reference(
            learner, module.Reference(no_start), lab="03", regions=regions, seed=unrecorded,
            refusals=refusals,
        )  # fmt: skip
