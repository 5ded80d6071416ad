"""Choosing a batch's submissions, and regrading some; hostile batches: tests/graders/redteam."""

import csv
from pathlib import Path

import pytest

from graders.labs import grade_class, release_lab, submissions_in
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


def test_no_folder_name_or_shape_stops_the_batch_and_each_is_a_row(tmp_path: Path) -> None:
    lab = get_lab("01")
    submissions = tmp_path / "class"
    release_lab(lab, submissions / "ada")  # a release bundle as it is: lab01/workspace/conduit
    create(submissions / "ada" / "lab01" / "workspace", reference_sources(), [lab.number])
    for name in ("gradebook.csv", "summary.md", "=1+1", "empty"):
        (submissions / name).mkdir()
    (submissions / "gradebook.csv" / "conduit").mkdir()
    (submissions / "deep" / "conduit").joinpath(*["d"] * 100).mkdir(parents=True)
    (submissions / "linked").symlink_to(submissions / "ada")
    out = submissions / "grades"  # inside the class folder: not taken for a learner
    grades = grade_class(lab, submissions, out, jobs=2, trusted=True, progress=False)
    expected = {"=1+1", "ada", "deep", "empty", "gradebook.csv", "linked", "summary.md"}
    assert {grade.student for grade in grades} == expected
    rows = {row["student_id"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    assert set(rows) == (expected - {"=1+1"}) | {"'=1+1"}
    full = lab.points + lab.hidden_points
    assert rows["ada"]["score"] == str(full)
    assert all(rows[name]["max_score"] == str(full) for name in rows)
    assert "folders deep" in rows["deep"]["not_graded_because"]
    assert "no conduit/ folder" in rows["linked"]["not_graded_because"]
    assert "no conduit/ folder" in rows["empty"]["not_graded_because"]
    assert (out / "learners" / "gradebook.csv" / "grade.json").is_file()
    assert "grades of 7 submissions" in (out / "summary.md").read_text()
