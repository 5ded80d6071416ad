"""Choosing a batch's submissions, and regrading some; hostile batches: tests/graders/redteam."""

import csv
from pathlib import Path

import pytest

from graders.labs import grade_class, submissions_in
from labs.engine.catalog import get_lab
from labs.engine.starter import make_starter
from labs.engine.workspace import create, reference_sources


def test_one_learner_can_be_regraded(tmp_path: Path) -> None:
    for name in ("ada", "bob", "eve"):
        (tmp_path / name).mkdir()
    (tmp_path / "notes.txt").write_text("")
    assert [p.name for p in submissions_in(tmp_path)] == ["ada", "bob", "eve"]
    assert [p.name for p in submissions_in(tmp_path, ["bob"])] == ["bob"]
    with pytest.raises(KeyError, match="zed"):
        submissions_in(tmp_path, ["zed"])


def test_regrading_one_learner_keeps_the_rest_of_the_class(tmp_path: Path) -> None:
    lab = get_lab("01")
    starter = make_starter(reference_sources(), lab.number, lab.hints)
    create(tmp_path / "class" / "ada", reference_sources(), [lab.number])
    create(tmp_path / "class" / "bob", starter, [lab.number])
    out = tmp_path / "grades"
    grade_class(lab, tmp_path / "class", out, jobs=2, trusted=True, progress=False)
    full = lab.points + lab.hidden_points
    assert _gradebook(out) == {"ada": str(full), "bob": "0"}

    create(tmp_path / "class" / "bob", reference_sources(), [lab.number])  # bob fixed his code
    regraded = grade_class(lab, tmp_path / "class", out, only=["bob"], trusted=True, progress=False)
    assert [grade.student for grade in regraded] == ["bob"]
    assert _gradebook(out) == {"ada": str(full), "bob": str(full)}
    assert "grades of 2 submissions" in (out / "summary.md").read_text()


def _gradebook(out: Path) -> dict[str, str]:
    rows = csv.DictReader((out / "gradebook.csv").open())
    return {row["student_id"]: row["score"] for row in rows}
