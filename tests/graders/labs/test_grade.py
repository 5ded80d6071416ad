"""One submission graded: an app that cannot start costs its grade, never the grader."""

from pathlib import Path

from graders.labs import grade_submission
from labs.engine.catalog import get_lab
from labs.engine.starter import put_regions
from labs.engine.workspace import create, reference_sources

LAB = get_lab("01")


def test_trusted_mode_grades_without_a_sandbox(tmp_path: Path) -> None:
    create(tmp_path / "ada", reference_sources(), [LAB.number])
    grade = grade_submission(LAB, tmp_path / "ada", time_limit=30, trusted=True)
    assert grade.error == ""
    assert grade.score == LAB.points + LAB.hidden_points
    assert not grade.sandboxed


def test_a_folder_without_code_gets_an_error_and_no_points(tmp_path: Path) -> None:
    (tmp_path / "bob").mkdir()
    grade = grade_submission(LAB, tmp_path / "bob", trusted=True)
    assert "no conduit/ folder" in grade.error
    assert grade.score == 0


def test_edits_outside_the_regions_are_not_used(tmp_path: Path) -> None:
    root = create(tmp_path / "eve", reference_sources(), [LAB.number]).root
    app = root / "conduit" / "app.py"
    app.write_text("import nothing_such\n" + app.read_text())  # outside the regions: not used
    grade = grade_submission(LAB, root, time_limit=30, trusted=True)
    assert grade.outside_edits == ["app.py"]
    assert grade.score == LAB.points + LAB.hidden_points


def test_an_app_that_does_not_start_gets_an_error(tmp_path: Path) -> None:
    broken = put_regions(reference_sources(), LAB.number, {"health": "    def (\n"})
    create(tmp_path / "zed", broken, [LAB.number])
    grade = grade_submission(LAB, tmp_path / "zed", time_limit=30, trusted=True)
    assert "the app ended before it served" in grade.error
    assert "SyntaxError" in grade.error
    assert grade.score == 0
