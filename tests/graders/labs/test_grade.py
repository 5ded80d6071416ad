"""One submission graded: an app that cannot start costs its grade, never the grader."""

from pathlib import Path

from graders.labs import grade_submission
from graders.labs.grade import events, head_and_tail
from graders.sandbox import Finished
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


def _finished(**how: object) -> Finished:
    ended: dict[str, object] = {"returncode": -9, "output": "", "truncated": False}
    return Finished(**{**ended, "timed_out": False, "seconds": 1.0, **how})  # type: ignore[arg-type]


def test_the_events_say_in_words_how_the_app_was_stopped() -> None:
    assert events(_finished(), ended_early=False) == []
    assert events(_finished(returncode=-24), ended_early=True) == [
        "the app ended during the checks (its CPU time ran out)"
    ]
    assert events(_finished(timed_out=True), ended_early=True) == [
        "the app was stopped at the time limit"
    ]
    assert events(_finished(out_of_memory=True), ended_early=True) == [
        "the app was stopped for using more memory than allowed"
    ]
    both = events(_finished(out_of_memory=True, truncated=True), ended_early=False)
    assert both == [
        "the app was stopped for using more memory than allowed",
        "the app's output was cut: it printed too much",
    ]


def test_a_long_output_keeps_its_start_and_its_end() -> None:
    assert head_and_tail("short") == "short"
    kept = head_and_tail("a" * 10 + "b" * 100 + "c" * 10, kept=10)
    assert kept == "a" * 10 + "\n[... 100 characters left out ...]\n" + "c" * 10
