"""Code shown in the course is code that runs.

Chapters name their code (`<!-- include: FILE::NAME -->`) and the site's build copies it in:
every name must still exist. A README that pastes a snippet instead tags it
(`<!-- snippet: FILE::NAME -->` above the block), and the pasted copy must match its source.
"""

import ast
import re
from pathlib import Path

import pytest
from includes import includes_in, snippet

ROOT = Path(__file__).resolve().parents[2]
SNIPPET = re.compile(
    r"<!-- snippet: (?P<file>[\w/.]+)::(?P<name>\w+) -->\n```python\n(?P<code>.*?)```", re.S
)
CHAPTERS = sorted(ROOT.glob("course/[0-9][0-9]-*.md"))
DOCUMENTS = sorted([*ROOT.glob("course/**/*.md"), *ROOT.glob("labs/**/README.md")])
# Each chapter explains the reference through its code: at least this many snippets.
MIN_SNIPPETS_PER_CHAPTER = 4


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


def _pasted() -> list[tuple[str, str, str, str]]:
    found = []
    for document in DOCUMENTS:
        for match in SNIPPET.finditer(document.read_text()):
            where = f"{document.relative_to(ROOT)}: {match['file']}::{match['name']}"
            found.append((where, match["file"], match["name"], match["code"]))
    return found


def _included() -> list[tuple[str, str, str | None]]:
    return [
        (chapter.name, file, name)
        for chapter in CHAPTERS
        for file, name in includes_in(chapter.read_text())
    ]


def test_there_are_five_lab_chapters_then_encryption_to_load_testing() -> None:
    expected = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "10"]
    assert [c.name[:2] for c in CHAPTERS] == expected, CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.name)
def test_each_chapter_shows_code_from_the_reference(chapter: Path) -> None:
    count = len(includes_in(chapter.read_text()))
    assert count >= MIN_SNIPPETS_PER_CHAPTER, (
        f"{chapter.name} includes {count} snippets; a chapter explains the reference through "
        f"its code (at least {MIN_SNIPPETS_PER_CHAPTER})"
    )


def test_chapters_paste_no_python() -> None:
    """Python in a chapter comes from an include, never typed in, so it cannot drift."""
    for chapter in CHAPTERS:
        assert "```python" not in chapter.read_text(), (
            f"{chapter.name} pastes Python: include it with <!-- include: FILE::NAME --> instead"
        )


@pytest.mark.parametrize(
    ("chapter", "file", "name"), _included(), ids=lambda v: str(v) if v else "whole file"
)
def test_every_included_name_exists(chapter: str, file: str, name: str | None) -> None:
    found = snippet(ROOT, file, name)  # raises IncludeError, saying what is missing
    assert found.code.strip(), f"{chapter}: {file}::{name} is empty"


@pytest.mark.parametrize(
    ("where", "file", "name", "code"), _pasted(), ids=lambda v: v if "::" in str(v) else ""
)
def test_pasted_snippet_matches_its_source(where: str, file: str, name: str, code: str) -> None:
    source = _source_of(ROOT / file, name)
    assert _code_lines(code) == _code_lines(source), (
        f"{where} no longer matches the code; copy the current {name} into the document"
    )
