"""A submission's app: only one lab's regions of the learner's code, in a pristine starter.

Everything outside those regions comes from the reference; edits there are reported, never used.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from graders.labs.layouts import SubmissionError, read_submission
from labs.engine.catalog import Lab, all_labs
from labs.engine.starter import Sources, outside_regions, put_regions, take_regions
from labs.engine.workspace import reference_sources, to_workspace

__all__ = ["Spliced", "SubmissionError", "outside_edits", "read_submission", "splice"]


@dataclass(frozen=True)
class Spliced:
    """The sources to serve (workspace-named), and what of the learner's was left out."""

    sources: Sources
    outside_edits: list[str] = field(default_factory=list)


def _all_stubbed(sources: Mapping[str, str]) -> Sources:
    """The sources with every lab's regions emptied: what is left is outside all regions."""
    return outside_regions(sources, {lab.number: lab.hints for lab in all_labs().values()})


def outside_edits(learner: Mapping[str, str]) -> list[str]:
    """The files the learner changed, added or removed outside the marked regions."""
    pristine = {path: to_workspace(text) for path, text in reference_sources().items()}
    try:
        theirs = _all_stubbed(learner)
    except Exception:  # damaged markers somewhere: compare the files as they are
        theirs = dict(learner)
    ours = _all_stubbed(pristine)
    changed = [
        path for path in sorted(set(ours) | set(theirs)) if ours.get(path) != theirs.get(path)
    ]
    return changed


def splice(lab: Lab, learner: Mapping[str, str]) -> Spliced:
    """The pristine starter of `lab` given the learner's bodies for its regions."""
    try:
        bodies = take_regions(learner, lab.number, list(lab.hints))
    except Exception as error:
        raise SubmissionError(str(error)) from error
    reference = reference_sources()
    starter = put_regions(reference, lab.number, bodies)
    served = {path: to_workspace(text) for path, text in starter.items()}
    return Spliced(served, outside_edits(learner))
