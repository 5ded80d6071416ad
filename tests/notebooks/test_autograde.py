"""Autograding scores what it should: full marks, zero, and exactly the visible points."""

import pytest

from graders.notebooks.course import Course
from tests.notebooks.conftest import LOOPING_ASSIGNMENT, GradedCourse
from tests.notebooks.source_cells import hidden_points

ASSIGNMENTS = {path.parent.name: path for path in Course().source_notebooks()}
LOOPING_EXERCISE_POINTS = 2  # status-family: its visible and its hidden test cell


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_instructor_solutions_score_full_marks(graded: GradedCourse, assignment: str) -> None:
    """The instructor's own answers get every point."""
    score = graded.scores[("solver", assignment)]
    assert score == graded.max_scores[assignment] > 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_scores_zero(graded: GradedCourse, assignment: str) -> None:
    """A notebook handed in as released earns nothing."""
    assert graded.scores[("untouched", assignment)] == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_visible_only_answers_lose_exactly_the_hidden_points(
    graded: GradedCourse, assignment: str
) -> None:
    """Answers that pass the visible tests but not the hidden ones lose the hidden points only."""
    lost = graded.max_scores[assignment] - graded.scores[("visible-only", assignment)]
    assert lost == hidden_points(ASSIGNMENTS[assignment]) > 0


def test_infinite_loop_is_stopped_and_scores_zero(graded: GradedCourse) -> None:
    """The looping exercise scores 0, the rest of that notebook is graded, and so is the batch."""
    score = graded.scores[("looper", LOOPING_ASSIGNMENT)]
    assert score == graded.max_scores[LOOPING_ASSIGNMENT] - LOOPING_EXERCISE_POINTS
    graded_students = {student for student, _ in graded.report.graded}
    assert graded_students == {"looper", "solver", "untouched", "visible-only"}
