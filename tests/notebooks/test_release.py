"""The learners' release: no solution, no hidden test, every test cell locked in place."""

from pathlib import Path

import nbformat
import pytest

from graders.notebooks.course import Course
from tests.notebooks.conftest import GradedCourse
from tests.notebooks.source_cells import hidden_lines, solution_lines

SOURCES = Course().source_notebooks()


def _released(graded: GradedCourse, source: Path) -> str:
    return (graded.course.workdir / "release" / source.parent.name / source.name).read_text()


def test_every_assignment_is_released(graded: GradedCourse) -> None:
    """Each folder of source/ becomes a released assignment with the same notebooks."""
    released = sorted((graded.course.workdir / "release").glob("*/*.ipynb"))
    assert [p.relative_to(p.parents[1]) for p in released] == [
        p.relative_to(p.parents[1]) for p in SOURCES
    ]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_release_holds_no_solution(graded: GradedCourse, source: Path) -> None:
    """No solution marker and no line of the instructor's answers survives in the release."""
    text = nbformat.reads(_released(graded, source), as_version=4)
    joined = "\n".join(cell.source for cell in text.cells)
    assert "BEGIN SOLUTION" not in joined
    lines = solution_lines(source)
    assert lines, "every notebook has solutions"
    released_lines = {line.strip() for line in joined.splitlines()}
    leaked = [line for line in lines if line in released_lines]
    assert not leaked, f"solution lines in the release: {leaked}"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_release_holds_no_hidden_test(graded: GradedCourse, source: Path) -> None:
    """Not a line of any hidden test is in the released notebook file."""
    text = _released(graded, source)
    assert "HIDDEN TESTS" not in text
    lines = hidden_lines(source)
    assert lines, "every notebook has hidden tests"
    leaked = [line for line in lines if line in text]
    assert not leaked, f"hidden test lines in the release: {leaked}"
