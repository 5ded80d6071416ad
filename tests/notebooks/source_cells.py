"""Reading the instructor's notebooks: their graded cells and hidden tests."""

from pathlib import Path

import nbformat

BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"


def hidden_points(source: Path) -> float:
    """Points of the test cells whose tests are hidden."""
    notebook = nbformat.read(source, as_version=4)
    return sum(
        float(cell.metadata["nbgrader"]["points"])
        for cell in notebook.cells
        if cell.cell_type == "code" and BEGIN_HIDDEN in cell.source
    )


def hidden_lines(source: Path) -> list[str]:
    """The lines only hidden tests hold, stripped: none may reach a learner."""
    return _marked_lines(source, BEGIN_HIDDEN, END_HIDDEN)


def solution_lines(source: Path) -> list[str]:
    """The lines only solutions hold, stripped: none may reach a learner."""
    return _marked_lines(source, BEGIN_SOLUTION, END_SOLUTION)


def _marked_lines(source: Path, begin: str, end: str) -> list[str]:
    """The lines inside `begin`/`end` regions, stripped.

    Lines that the notebook also shows elsewhere (a visible test setting up the same data)
    are left out: finding them in a learner's file proves nothing.
    """
    notebook = nbformat.read(source, as_version=4)
    lines: list[str] = []
    shown: set[str] = set()
    for cell in notebook.cells:
        inside = False
        for line in cell.source.splitlines():
            if begin in line:
                inside = True
            elif end in line:
                inside = False
            elif inside and len(line.strip()) > 12:  # `pass`, `else:` tell nothing
                lines.append(line.strip())
            elif not inside:
                shown.add(line.strip())
    return [line for line in lines if line not in shown]


def exercise_points(source: Path) -> list[float]:
    """Points of each exercise: the test cells after each solution cell, up to the next one."""
    notebook = nbformat.read(source, as_version=4)
    points: list[float] = []
    for cell in notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            points.append(0.0)
        elif meta.get("grade") and points:
            points[-1] += float(meta["points"])
    return points
