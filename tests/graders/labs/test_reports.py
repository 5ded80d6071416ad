"""A grade written for Gradescope, Exercism and the class gradebook."""

import csv
import json
from pathlib import Path

import pytest

from graders.labs.grade import Grade
from graders.labs.reports import (
    exercism,
    gradescope,
    read_grade,
    write_grade,
    write_gradebook,
)
from labs.engine.results import CheckResult


def _check(name: str, status: str, hidden: bool = False) -> CheckResult:
    return CheckResult("01", name, f"The {name} check", "t1", 2, hidden, status, message="why")


GRADE = Grade(
    "ada",
    "01",
    score=2,
    max_score=4,
    server_output="INFO: serving\n",
    checks=[_check("health", "passed"), _check("edges", "failed", hidden=True)],
)


def test_gradescope_shows_hidden_checks_after_publication() -> None:
    result = gradescope(GRADE)
    assert result["score"] == 2
    visibilities = [test["visibility"] for test in result["tests"]]
    assert visibilities == ["visible", "after_published"]
    assert [test["score"] for test in result["tests"]] == [2, 0]


def test_exercism_v3_fails_when_a_check_fails() -> None:
    result = exercism(GRADE)
    assert result["version"] == 3
    assert result["status"] == "fail"
    assert [test["status"] for test in result["tests"]] == ["pass", "fail"]


def test_exercism_reports_an_app_that_could_not_run_as_an_error() -> None:
    result = exercism(Grade("bob", "01", error="the app ended before it served"))
    assert result["status"] == "error"
    assert "ended before it served" in result["message"]


def test_each_learner_gets_three_files_and_their_apps_output(tmp_path: Path) -> None:
    folder = write_grade(GRADE, tmp_path)
    assert json.loads((folder / "grade.json").read_text())["score"] == 2
    assert (folder / "gradescope" / "results.json").exists()
    assert (folder / "exercism" / "results.json").exists()
    assert (folder / "server.log").read_text() == GRADE.server_output


def test_a_grade_reads_back_from_its_json(tmp_path: Path) -> None:
    folder = write_grade(GRADE, tmp_path)
    assert read_grade(folder / "grade.json") == GRADE


def test_the_native_json_keeps_the_start_and_end_of_a_long_output(tmp_path: Path) -> None:
    output = "started\n" + "x" * 100_000 + "\ncrashed"
    folder = write_grade(Grade("eve", "01", server_output=output), tmp_path)
    kept = json.loads((folder / "grade.json").read_text())["server_output"]
    assert kept.startswith("started")
    assert kept.endswith("crashed")
    assert "characters left out" in kept
    assert len(kept) < 5000
    assert (folder / "server.log").read_text() == output


def test_gradescope_tells_the_learner_what_the_sandbox_did() -> None:
    grade = Grade("eve", "01", server_events=["the app was stopped at the time limit"])
    assert "Note: the app was stopped at the time limit." in gradescope(grade)["output"]


def test_the_gradebook_has_the_notebook_graders_columns(tmp_path: Path) -> None:
    path = write_gradebook([GRADE, Grade("bob", "01", max_score=4)], tmp_path / "book.csv")
    rows = list(csv.DictReader(path.open()))
    assert list(rows[0])[:4] == ["student_id", "assignment", "score", "max_score"]
    assert [(r["student_id"], r["score"]) for r in rows] == [("ada", "2"), ("bob", "0")]


def test_a_learner_who_could_not_be_graded_is_a_row_saying_why(tmp_path: Path) -> None:
    error = "no conduit/ folder in the submission eve\n(details)"
    path = write_gradebook([GRADE, Grade("eve", "01", max_score=4, error=error)], tmp_path / "b")
    rows = {row["student_id"]: row for row in csv.DictReader(path.open())}
    assert rows["eve"]["score"] == "0"
    assert rows["eve"]["max_score"] == "4"
    assert rows["eve"]["not_graded_because"] == "no conduit/ folder in the submission eve"
    assert rows["ada"]["not_graded_because"] == ""


@pytest.mark.parametrize("name", ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"])
def test_gradebook_cells_are_never_formulas(tmp_path: Path, name: str) -> None:
    path = write_gradebook([Grade(name, "01", error="=HYPERLINK(0)")], tmp_path / "book.csv")
    row = next(csv.DictReader(path.open(newline="")))
    assert row["student_id"] == "'" + name
    assert row["not_graded_because"] == "'=HYPERLINK(0)"
    assert row["score"] == "0"


@pytest.mark.parametrize("name", ["gradebook.csv", "summary.md", "scores.png", "learners"])
def test_a_learner_named_like_a_class_file_writes_apart_from_it(tmp_path: Path, name: str) -> None:
    write_gradebook([GRADE], tmp_path / "gradebook.csv")
    folder = write_grade(Grade(name, "01"), tmp_path)
    assert folder == tmp_path / "learners" / name
    assert (tmp_path / "gradebook.csv").is_file()
