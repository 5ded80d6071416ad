"""The instructor's notebooks: well-formed for nbgrader, and quiet on stderr when run."""

from pathlib import Path

import nbformat
import pytest

from graders.notebooks.course import Course
from graders.notebooks.lint import check_static, lint

SOURCES = Course().source_notebooks()


def test_there_is_one_notebook_per_concept() -> None:
    """Ten concepts: HTTP, SQL, passwords, tokens, API design, encryption at rest, secure
    sessions, caching, indexing, reading a load test."""
    assert [p.parent.name for p in SOURCES] == [
        "01-http",
        "02-sql",
        "03-passwords",
        "04-tokens",
        "05-api-design",
        "06-encryption",
        "07-sessions",
        "08-caching",
        "09-indexing",
        "10-load-testing",
    ]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_every_exercise_has_visible_and_hidden_tests(source: Path) -> None:
    """Each solution cell is followed by a visible test cell, then a hidden one."""
    cells = [c for c in nbformat.read(source, as_version=4).cells if c.metadata.get("nbgrader")]
    kinds = [
        "solution"
        if c.metadata.nbgrader.get("solution")
        else "hidden"
        if "BEGIN HIDDEN TESTS" in c.source
        else "visible"
        if c.metadata.nbgrader.get("grade")
        else "setup"
        for c in cells
    ]
    exercises = [kinds[i : i + 3] for i, kind in enumerate(kinds) if kind == "solution"]
    assert len(exercises) >= 3
    assert all(exercise == ["solution", "visible", "hidden"] for exercise in exercises), kinds


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_source_passes_the_static_lint(source: Path) -> None:
    """No test cell writes to stderr, and the setup cell silences logging and warnings."""
    assert check_static(source) == []


@pytest.mark.slow
def test_sources_run_fast_and_quiet() -> None:
    """Run, every notebook passes its own tests without a word on stderr."""
    assert [str(problem) for problem in lint(SOURCES, execute=True)] == []
