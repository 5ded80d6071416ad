"""Hidden tests are cut out of feedback, source and output alike."""

from nbformat.v4 import new_code_cell, new_output

from graders.notebooks.feedback import HideHiddenTests, without_hidden_tests

CELL = (
    "# Hidden tests: they check what the visible tests above leave out.\n"
    "### BEGIN HIDDEN TESTS\n"
    "assert secret_case() == 42\n"
    "### END HIDDEN TESTS"
)


def test_without_hidden_tests_keeps_the_rest() -> None:
    assert without_hidden_tests("a = 1\n" + CELL + "\nb = 2") == (
        "a = 1\n# Hidden tests: they check what the visible tests above leave out.\n"
        "# (hidden tests, not shown)\nb = 2"
    )


def test_failure_output_is_replaced_by_a_verdict() -> None:
    """The traceback quotes the failing hidden line: only the error's name is kept."""
    traceback = ["AssertionError: assert secret_case() == 42"]
    error = new_output("error", ename="AssertionError", evalue="42", traceback=traceback)
    cell = new_code_cell(CELL, outputs=[error])
    cell, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert "secret_case" not in cell.source
    assert [output.text for output in cell.outputs] == [
        "The hidden tests of this cell failed (AssertionError).\n"
    ]


def test_other_cells_are_untouched() -> None:
    cell = new_code_cell("assert visible()", outputs=[])
    cell, _ = HideHiddenTests().preprocess_cell(cell, {}, 0)
    assert cell.source == "assert visible()"
