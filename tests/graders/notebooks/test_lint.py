"""The lint catches the ways a test cell can write to stderr, statically and when run."""

from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from graders.notebooks.lint import check_execution, check_static

QUIET_SETUP = (
    "import logging\nimport warnings\n\n"
    "logging.basicConfig(handlers=[logging.NullHandler()], force=True)\n"
    'warnings.simplefilter("ignore")'
)


def _test_cell(source: str, grade_id: str = "test") -> nbformat.NotebookNode:
    meta = {"grade": True, "grade_id": grade_id, "locked": True, "points": 1, "solution": False}
    return new_code_cell(source, metadata={"nbgrader": {**meta, "schema_version": 3}})


def _notebook(tmp_path: Path, *cells: nbformat.NotebookNode, setup: str = QUIET_SETUP) -> Path:
    notebook = new_notebook(
        cells=[new_code_cell(setup), *cells],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )
    path = tmp_path / "exercise" / "notebook.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


@pytest.mark.parametrize(
    "source",
    [
        'import sys\nprint("oops", file=sys.stderr)',
        'import logging\nlogging.warning("careful")',
        'logger.error("no")',
        'import warnings\nwarnings.warn("deprecated")',
        "import traceback\ntraceback.print_exc()",
        'import os\nos.write(2, b"x")',
    ],
)
def test_static_lint_flags_stderr_writers_in_test_cells(tmp_path: Path, source: str) -> None:
    problems = check_static(_notebook(tmp_path, _test_cell(source)))
    assert len(problems) == 1
    assert "nbgrader would score it 0" in problems[0].message


def test_static_lint_requires_a_quiet_setup_cell(tmp_path: Path) -> None:
    """Without logging sent nowhere and warnings ignored, the first cell is flagged twice."""
    problems = check_static(_notebook(tmp_path, _test_cell("assert True"), setup="import os"))
    assert [p.message for p in problems] == [
        "the setup cell must send logging to a NullHandler",
        "the setup cell must ignore warnings",
    ]


def test_static_lint_flags_metadata_mistakes(tmp_path: Path) -> None:
    """Duplicate grade ids, unmarked solutions and hidden tests in an ungraded cell."""
    solution = new_code_cell(
        "x = 1", metadata={"nbgrader": {"solution": True, "grade": False, "grade_id": "test"}}
    )
    stray = new_code_cell(
        "### BEGIN HIDDEN TESTS\nassert x\n### END HIDDEN TESTS",
        metadata={"nbgrader": {"solution": False, "grade": False, "grade_id": "stray"}},
    )
    messages = [
        p.message for p in check_static(_notebook(tmp_path, _test_cell("1"), solution, stray))
    ]
    assert "grade_id used twice" in messages
    assert "a solution cell must mark its solution with BEGIN/END SOLUTION" in messages
    assert "hidden tests outside a graded test cell would reach learners" in messages


def test_clean_notebook_passes_both_lints(tmp_path: Path) -> None:
    path = _notebook(tmp_path, _test_cell("assert 1 + 1 == 2"))
    assert check_static(path) == []
    assert check_execution(path) == []


def test_execution_lint_catches_stderr_the_static_lint_misses(tmp_path: Path) -> None:
    """A library that writes to stderr by itself is only caught by running the cell."""
    sneaky = _test_cell('import sys as s\ngetattr(s, "std" + "err").write("noise\\n")')
    path = _notebook(tmp_path, sneaky)
    assert check_static(path) == []
    problems = check_execution(path)
    assert [p.cell for p in problems] == ["test"]
    assert "wrote to stderr" in problems[0].message
