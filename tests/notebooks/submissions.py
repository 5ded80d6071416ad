"""Fake learners' submissions, built from the release the way a learner would fill it in."""

from pathlib import Path

import nbformat
from nbformat import NotebookNode

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"


def _grade_id(cell: NotebookNode) -> str | None:
    grade_id: str | None = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return grade_id


def solutions(source: Path) -> dict[str, str]:
    """The instructor's answers, markers removed, keyed by solution cell grade id."""
    notebook = nbformat.read(source, as_version=4)
    answers = {}
    for cell in notebook.cells:
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            lines = cell.source.splitlines()
            kept = [line for line in lines if line.strip() not in (BEGIN_SOLUTION, END_SOLUTION)]
            answers[str(_grade_id(cell))] = "\n".join(kept)
    return answers


def fill(released: Path, answers: dict[str, str], destination: Path) -> None:
    """Write the released notebook with the given solution cells replaced."""
    notebook = nbformat.read(released, as_version=4)
    for cell in notebook.cells:
        grade_id = _grade_id(cell)
        if grade_id in answers:
            cell.source = answers[grade_id].strip("\n")
    destination.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, destination)
