"""Code shown in the course is code that runs: every tagged snippet matches its source."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNIPPET = re.compile(
    r"<!-- snippet: (?P<file>[\w/.]+)::(?P<name>\w+) -->\n```python\n(?P<code>.*?)```", re.S
)
DOCUMENTS = sorted([*ROOT.glob("course/**/*.md"), *ROOT.glob("labs/**/README.md")])


def _code_lines(code: str) -> list[str]:
    """The lines that run: comments (such as lab region markers) and blank lines dropped."""
    return [
        line.rstrip()
        for line in code.splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]


def _source_of(file: Path, name: str) -> str:
    text = file.read_text()
    for node in ast.walk(ast.parse(text)):
        if (
            isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            and node.name == name
        ):
            return ast.get_source_segment(text, node) or ""
    raise AssertionError(f"{file.relative_to(ROOT)} defines no {name!r}")


def _snippets() -> list[tuple[str, str, str, str]]:
    found = []
    for document in DOCUMENTS:
        for match in SNIPPET.finditer(document.read_text()):
            where = f"{document.relative_to(ROOT)}: {match['file']}::{match['name']}"
            found.append((where, match["file"], match["name"], match["code"]))
    return found


def test_the_course_shows_snippets() -> None:
    assert _snippets(), "no tagged snippet found: has the snippet syntax changed?"


@pytest.mark.parametrize(
    ("where", "file", "name", "code"), _snippets(), ids=lambda v: v if "::" in str(v) else ""
)
def test_snippet_matches_its_source(where: str, file: str, name: str, code: str) -> None:
    source = _source_of(ROOT / file, name)
    assert _code_lines(code) == _code_lines(source), (
        f"{where} no longer matches the code; copy the current {name} into the chapter"
    )
