"""The merged class gradebook: one row per student, one column per assignment, and a total."""

from pathlib import Path

import pytest

from graders.notebooks.gradebook import POINTS_POSSIBLE, Score, merge, merge_files, read_scores

NOTEBOOKS = [
    Score("ada", "01-http", 7, 7),
    Score("ada", "02-sql", 5.5, 7),
    Score("bob", "01-http", 3, 7),
    Score("bob", "02-sql", 0, 7),
]
LABS = [Score("ada", "lab-01", 8, 10), Score("ada", "lab-01", 10, 10), Score("cy", "lab-01", 4, 10)]


def test_merge_puts_notebooks_first_then_labs_and_a_total() -> None:
    """Columns: student, notebooks, labs, total; first row the points possible."""
    rows = merge(NOTEBOOKS, LABS)
    assert rows[0] == ["student_id", "01-http", "02-sql", "lab-01", "total"]
    assert rows[1] == [POINTS_POSSIBLE, "7", "7", "10", "24"]


def test_best_score_counts_and_missing_is_empty() -> None:
    """A resubmitted lab keeps its best score; an unreported score is an empty cell worth 0."""
    rows = {row[0]: row[1:] for row in merge(NOTEBOOKS, LABS)[2:]}
    assert rows == {
        "ada": ["7", "5.5", "10", "22.5"],
        "bob": ["3", "0", "", "3"],
        "cy": ["", "", "4", "4"],
    }


def test_one_name_for_a_notebook_and_a_lab_is_refused() -> None:
    with pytest.raises(ValueError, match="01-http"):
        merge(NOTEBOOKS, [Score("ada", "01-http", 1, 1)])


def test_read_scores_takes_nbgrader_export_and_refuses_missing_columns(tmp_path: Path) -> None:
    """nbgrader's grades.csv has extra columns, which are ignored; missing ones are an error."""
    export = tmp_path / "grades.csv"
    export.write_text(
        "assignment,duedate,timestamp,student_id,last_name,first_name,email,"
        "raw_score,late_submission_penalty,score,max_score\n"
        "01-http,,,ada,,,,7.0,0.0,7.0,7.0\n"
    )
    assert read_scores(export) == [Score("ada", "01-http", 7.0, 7.0)]
    broken = tmp_path / "broken.csv"
    broken.write_text("student_id,assignment,score\nada,lab-01,3\n")
    with pytest.raises(ValueError, match="max_score"):
        read_scores(broken)


def test_merge_files_writes_the_gradebook(tmp_path: Path) -> None:
    notebooks, labs = tmp_path / "nb.csv", tmp_path / "labs.csv"
    notebooks.write_text("student_id,assignment,score,max_score\nada,01-http,7,7\n")
    labs.write_text("student_id,assignment,score,max_score\nada,lab-01,9,10\n")
    merge_files(notebooks, [labs], tmp_path / "out" / "gradebook.csv")
    assert (tmp_path / "out" / "gradebook.csv").read_text().splitlines() == [
        "student_id,01-http,lab-01,total",
        f"{POINTS_POSSIBLE},7,10,17",
        "ada,7,9,16",
    ]


def test_a_student_named_like_a_formula_is_one_student_and_never_a_formula(
    tmp_path: Path,
) -> None:
    # The lab grader writes "=1+1" as "'=1+1"; nbgrader writes it as it is.
    notebooks, labs = tmp_path / "notebooks.csv", tmp_path / "labs.csv"
    notebooks.write_text("student_id,assignment,score,max_score\n=1+1,01-http,5,7\n")
    labs.write_text("student_id,assignment,score,max_score\n'=1+1,lab01,3,18\n")
    merge_files(notebooks, [labs], tmp_path / "out.csv")
    rows = (tmp_path / "out.csv").read_text().splitlines()
    assert rows[2] == "'=1+1,5,3,8"
