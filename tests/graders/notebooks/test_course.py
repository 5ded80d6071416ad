"""The course's nbgrader config, pointed at a working directory."""

from pathlib import Path

from graders.notebooks.course import Course


def test_config_points_at_workdir_and_source(tmp_path: Path) -> None:
    course = Course(workdir=tmp_path, cell_timeout=3)
    config = course.config()
    assert config.CourseDirectory.root == str(tmp_path)
    assert config.CourseDirectory.source_directory == str(course.source_dir)
    assert config.Execute.timeout == 3
    assert "graders.notebooks.feedback.HideHiddenTests" in config.GenerateFeedback.preprocessors


def test_default_timeout_comes_from_the_config_file() -> None:
    assert Course().config().Execute.timeout == 30


def test_autograding_runs_grading_execute_in_place_of_nbgraders(tmp_path: Path) -> None:
    steps = Course(workdir=tmp_path).config().Autograde.autograde_preprocessors
    assert steps[0] == "graders.notebooks.execute.GradingExecute"
    assert "nbgrader.preprocessors.Execute" not in steps


def test_a_course_without_sandbox_turns_it_off_for_grading(tmp_path: Path) -> None:
    assert Course(workdir=tmp_path, sandbox=False).config().GradingExecute.sandbox is False
    assert "sandbox" not in Course(workdir=tmp_path).config().GradingExecute
