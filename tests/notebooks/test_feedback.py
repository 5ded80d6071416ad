"""Feedback: one HTML page per graded notebook, and not a word of the hidden tests in it."""

import html
import re
from pathlib import Path

import pytest

from graders.notebooks.course import Course
from tests.notebooks.conftest import GradedCourse
from tests.notebooks.source_cells import hidden_lines

SOURCES = Course().source_notebooks()


def _text(page: Path) -> str:
    """What a reader of the page sees: tags (code highlighting splits lines) removed."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.read_text()))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.parent.name)
def test_feedback_holds_no_hidden_test(graded: GradedCourse, source: Path) -> None:
    """Whether the hidden tests passed or failed, their text stays out of the feedback."""
    pages = sorted(
        (graded.course.workdir / "feedback").glob(f"*/{source.parent.name}/{source.stem}.html")
    )
    assert len(pages) >= 3, f"feedback pages for {source.parent.name}: {pages}"
    for page in pages:
        text = _text(page)
        assert "assert " in text, "the visible tests are shown"
        leaked = [line for line in hidden_lines(source) if line in text]
        assert not leaked, f"{page.parent.parent.name}: hidden test lines in feedback: {leaked}"
        assert "hidden tests" in text.lower()
