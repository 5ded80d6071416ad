"""Keep hidden tests out of the feedback learners receive.

nbgrader renders feedback from the autograded notebooks, into which it has put the hidden tests
back. This preprocessor, run by `generate_feedback` (see notebooks/nbgrader_config.py), removes
each hidden region from the cell's source, and replaces the cell's outputs, whose tracebacks
quote the failing line, with one sentence saying whether the hidden tests passed.
"""

from typing import Any

from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor  # type: ignore[import-untyped]

BEGIN_HIDDEN = "### BEGIN HIDDEN TESTS"
END_HIDDEN = "### END HIDDEN TESTS"


def without_hidden_tests(source: str) -> str:
    """The source with every hidden-test region replaced by a one-line marker."""
    kept: list[str] = []
    hidden = False
    for line in source.splitlines():
        if BEGIN_HIDDEN in line:
            hidden = True
            kept.append("# (hidden tests, not shown)")
        elif END_HIDDEN in line:
            hidden = False
        elif not hidden:
            kept.append(line)
    return "\n".join(kept)


class HideHiddenTests(NbGraderPreprocessor):  # type: ignore[misc]  # nbgrader is untyped
    """Strip hidden tests, and what their failures printed, from a notebook."""

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, cell_index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if cell.cell_type == "code" and BEGIN_HIDDEN in cell.source:
            cell.source = without_hidden_tests(cell.source)
            verdict = new_output("stream", name="stdout", text=_verdict(cell.outputs))  # type: ignore[no-untyped-call]
            cell.outputs = [verdict]
        return cell, resources


def _verdict(outputs: list[Any]) -> str:
    errors = [output for output in outputs if output.get("output_type") == "error"]
    if errors:
        return f"The hidden tests of this cell failed ({errors[0].get('ename', 'error')}).\n"
    return "The hidden tests of this cell passed.\n"
