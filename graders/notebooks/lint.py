"""Lint the source notebooks for what breaks nbgrader quietly.

nbgrader scores a test cell 0 when it writes anything to stderr, even if every assert passes.
So: the first code cell must silence logging and warnings, and no test cell may write to stderr,
checked twice: statically (what the test cells say) and by running each notebook (what the
test cells do). Also checked: the nbgrader metadata that grading relies on.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

# Writes to stderr that a test cell must not make, each with the reason shown to the author.
STDERR_WRITERS = {
    r"\bsys\.(__)?stderr\b": "uses sys.stderr",
    r"\blogging\.(debug|info|warning|warn|error|exception|critical|log)\(": "logs (to stderr)",
    r"\b(logger|log)\.(debug|info|warning|warn|error|exception|critical)\(": "logs (to stderr)",
    r"\bwarnings\.warn(_explicit)?\(": "warns (to stderr)",
    r"\btraceback\.print_": "prints a traceback (to stderr)",
    r"\bos\.write\(\s*2\b": "writes to file descriptor 2",
}
# What the first code cell must do, each with the reason shown to the author.
SETUP_SILENCERS = {
    r"logging\.basicConfig\(.*NullHandler.*force=True": "send logging to a NullHandler",
    r"warnings\.(simplefilter|filterwarnings)\(\s*[\"']ignore[\"']": "ignore warnings",
}
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"


@dataclass(frozen=True, slots=True)
class Problem:
    notebook: Path
    cell: str  # grade id, or cell id when the cell has none
    message: str

    def __str__(self) -> str:
        return f"{self.notebook.parent.name}/{self.notebook.name} [{self.cell}]: {self.message}"


def _nbgrader(cell: Any) -> dict[str, Any]:
    meta: dict[str, Any] = cell.get("metadata", {}).get("nbgrader", {})
    return meta


def _name(cell: Any) -> str:
    return str(_nbgrader(cell).get("grade_id") or cell.get("id", "?"))


def is_test_cell(cell: Any) -> bool:
    return cell.cell_type == "code" and bool(_nbgrader(cell).get("grade"))


def check_static(path: Path) -> list[Problem]:
    """Problems visible without running the notebook."""
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    problems: list[Problem] = []
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if code_cells:
        setup = code_cells[0]
        for pattern, purpose in SETUP_SILENCERS.items():
            if not re.search(pattern, setup.source):
                problems.append(Problem(path, _name(setup), f"the setup cell must {purpose}"))
    seen: set[str] = set()
    for cell in notebook.cells:
        meta = _nbgrader(cell)
        if not meta:
            continue
        name = _name(cell)
        if name in seen:
            problems.append(Problem(path, name, "grade_id used twice"))
        seen.add(name)
        problems += [Problem(path, name, message) for message in _cell_problems(cell, meta)]
    return problems


def _cell_problems(cell: Any, meta: dict[str, Any]) -> list[str]:
    messages: list[str] = []
    source: str = cell.source
    if is_test_cell(cell):
        if not meta.get("locked") or not meta.get("points"):
            messages.append("a test cell must be locked and worth points")
        messages += [
            f"test cell {why}: nbgrader would score it 0"
            for pattern, why in STDERR_WRITERS.items()
            if re.search(pattern, source)
        ]
    elif BEGIN_HIDDEN in source:
        messages.append("hidden tests outside a graded test cell would reach learners")
    if meta.get("solution") and (BEGIN_SOLUTION not in source or END_SOLUTION not in source):
        messages.append("a solution cell must mark its solution with BEGIN/END SOLUTION")
    return messages


def check_execution(path: Path, timeout: int = 60) -> list[Problem]:
    """Run the notebook; every test cell must pass without writing to stderr."""
    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    client = NotebookClient(
        notebook,
        timeout=timeout,
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    problems: list[Problem] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stderr":
                if is_test_cell(cell):
                    problems.append(
                        Problem(path, _name(cell), f"wrote to stderr: {output.text[:200]!r}")
                    )
            elif output.output_type == "error":
                problems.append(
                    Problem(path, _name(cell), f"raised {output.ename}: {output.evalue}")
                )
    return problems


def lint(paths: list[Path], execute: bool = True, jobs: int = 3) -> list[Problem]:
    """Static problems of every notebook, then (with `execute`) those seen running them."""
    problems = [problem for path in paths for problem in check_static(path)]
    if execute:
        # Each notebook runs in its own kernel process: threads here only wait on them.
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            problems += [problem for found in pool.map(check_execution, paths) for problem in found]
    return problems
