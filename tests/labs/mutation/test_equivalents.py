"""A lab's recorded equivalent mutants: read, checked, and told apart when stale."""

from pathlib import Path

import pytest

from labs.engine.catalog import Lab, all_labs
from labs.mutation.equivalents import Equivalent, EquivalentsError, equivalents_of, stale

ENTRY = """
[[equivalent]]
id = "{id}"
description = "health.py health line 23: `'ok'` -> `''`"
why = "{why}"
"""


def lab_in(folder: Path, text: str | None) -> Lab:
    folder.mkdir(exist_ok=True)
    if text is not None:
        (folder / "equivalent_mutants.toml").write_text(text)
    return Lab("01", "planted", folder, 1, 0, 60, (), {}, instructor=folder)


def test_a_lab_without_the_file_has_no_equivalents(tmp_path: Path) -> None:
    assert equivalents_of(lab_in(tmp_path / "lab01_x", None)) == {}


def test_entries_are_read_by_id(tmp_path: Path) -> None:
    text = ENTRY.format(id="01:health:constant:12345678", why="nobody reads it")
    lab = lab_in(tmp_path / "lab01_x", text)
    assert equivalents_of(lab) == {
        "01:health:constant:12345678": Equivalent(
            "01:health:constant:12345678",
            "health.py health line 23: `'ok'` -> `''`",
            "nobody reads it",
        )
    }


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        (ENTRY.format(id="01:health:constant:1", why=""), "no why"),
        (ENTRY.format(id="02:list_articles:chain:1", why="x"), "not a mutant of lab 01"),
        (ENTRY.format(id="01:a:b:1", why="x") * 2, "recorded twice"),
    ],
)
def test_incomplete_or_misplaced_entries_are_refused(
    tmp_path: Path, text: str, complaint: str
) -> None:
    with pytest.raises(EquivalentsError, match=complaint):
        equivalents_of(lab_in(tmp_path / "lab01_x", text))


def test_entries_that_match_no_mutant_are_stale() -> None:
    kept = Equivalent("01:a:constant:1", "d", "w")
    gone = Equivalent("01:a:constant:2", "d", "w")
    recorded = {kept.id: kept, gone.id: gone}
    assert stale(recorded, ["01:a:constant:1", "01:a:status:3"]) == [gone]


@pytest.mark.parametrize("lab", list(all_labs().values()), ids=lambda lab: lab.number)
def test_every_labs_recorded_equivalents_are_well_formed(lab: Lab) -> None:
    for entry in equivalents_of(lab).values():
        assert entry.why.endswith("."), f"{entry.id}: say why in a sentence"
