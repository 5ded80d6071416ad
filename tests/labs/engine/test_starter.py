"""Emptying every lab's regions at once tells sources apart exactly as stubbing them does."""

import pytest

from labs.engine.catalog import all_labs
from labs.engine.regions import MarkerError
from labs.engine.starter import Sources, make_starter, outside_regions
from labs.engine.workspace import reference_sources

LABS = {lab.number: lab.hints for lab in all_labs().values()}
SOURCE = """def f():
    # --- lab 01: body ---
    return 1
    # --- end lab 01: body ---
"""


def _stubbed(sources: Sources) -> Sources:
    for lab, hints in LABS.items():
        sources = make_starter(sources, lab, hints)
    return sources


def _edits() -> dict[str, Sources]:
    """The reference, changed inside a region, outside every region, and both."""
    reference = reference_sources()
    inside = dict(reference)
    inside["health.py"] = inside["health.py"].replace('"database": "ok"', '"database": "fine"')
    outside = {**reference, "health.py": reference["health.py"] + "\nEXTRA = 1\n"}
    both = {**inside, "health.py": inside["health.py"] + "\nEXTRA = 1\n"}
    added = {**reference, "mine.py": "MINE = 1\n"}
    return {"reference": reference, "inside": inside, "outside": outside, "both": both,
            "added": added}  # fmt: skip


def test_equal_outside_regions_exactly_when_equal_once_stubbed() -> None:
    edits = _edits()
    assert edits["inside"] != edits["reference"]  # the edit took
    emptied = {name: outside_regions(sources, LABS) for name, sources in edits.items()}
    stubbed = {name: _stubbed(sources) for name, sources in edits.items()}
    for one in edits:
        for other in edits:
            assert (emptied[one] == emptied[other]) == (stubbed[one] == stubbed[other]), (
                one,
                other,
            )
    assert emptied["inside"] == emptied["reference"]
    assert emptied["outside"] != emptied["reference"]


def test_only_the_bodies_of_the_named_labs_are_emptied() -> None:
    assert outside_regions({"f.py": SOURCE}, {"01": {"body": "hint"}}) == {
        "f.py": SOURCE.replace("    return 1\n", "")
    }
    assert outside_regions({"f.py": SOURCE}, {"02": {}}) == {"f.py": SOURCE}


@pytest.mark.parametrize(
    ("sources", "hints", "says"),
    [
        ({"f.py": SOURCE}, {"01": {"other": "hint"}}, "marked but not in lab.toml"),
        ({"f.py": SOURCE, "g.py": SOURCE}, {"01": {"body": "hint"}}, "marked twice"),
        ({"f.py": SOURCE}, {"01": {"body": "hint", "gone": "hint"}}, "gone are missing"),
        ({"f.py": SOURCE.replace("end lab 01", "end lab 1")}, {"01": {}}, "damaged"),
    ],
)
def test_it_refuses_what_make_starter_refuses(
    sources: Sources, hints: dict[str, dict[str, str]], says: str
) -> None:
    with pytest.raises(MarkerError, match=says):
        outside_regions(sources, hints)
    ((lab, named),) = hints.items()
    with pytest.raises(MarkerError, match=says):
        make_starter(sources, lab, named)
