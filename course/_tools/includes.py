"""Code shown in the course is code that runs: chapters name the code, the build copies it in.

A chapter writes, alone on a line,

    <!-- include: reference_app/auth/tokens.py::read_token -->

and the built page shows the current source of `read_token`, with the file's own line numbers
(an indented marker, inside a list item, gives an indented block).
`::Class.method` names a method; a bare path shows the whole (small) file. Nothing is pasted
by hand, so a chapter cannot drift from the code it explains.
"""

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

INCLUDE = re.compile(
    r"^(?P<indent>[ ]*)<!-- include: (?P<file>[\w/.-]+?)(?:::(?P<name>[\w.]+))? -->$", re.M
)


class IncludeError(Exception):
    """A chapter names a file or a definition that does not exist."""


@dataclass(frozen=True, slots=True)
class Snippet:
    """A piece of a source file: where it is, and its text."""

    file: str
    name: str | None
    first_line: int
    code: str

    def as_markdown(self) -> str:
        title = f"{self.file} · {self.name}" if self.name else self.file
        return f'```python title="{title}" linenums="{self.first_line}"\n{self.code.rstrip()}\n```'


def _definition(tree: ast.AST, dotted: str) -> ast.AST | None:
    """The function or class named `dotted` (`Class.method` for a method), or None."""
    scope: list[ast.stmt] = tree.body if isinstance(tree, ast.Module) else []
    found: ast.AST | None = None
    for part in dotted.split("."):
        found = next(
            (
                node
                for node in scope
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
                and node.name == part
            ),
            None,
        )
        if found is None:
            return None
        scope = found.body
    return found


def snippet(root: Path, file: str, name: str | None) -> Snippet:
    """The source of `name` in `root/file` (decorators included), or the whole file."""
    path = root / file
    if not path.is_file():
        raise IncludeError(f"{file} does not exist")
    text = path.read_text()
    if name is None:
        return Snippet(file, None, 1, text)
    node = _definition(ast.parse(text), name)
    if node is None:
        raise IncludeError(f"{file} defines no {name!r}")
    decorators = getattr(node, "decorator_list", [])
    first = min([node.lineno, *(d.lineno for d in decorators)])  # type: ignore[attr-defined]
    last = node.end_lineno  # type: ignore[attr-defined]
    lines = text.splitlines()[first - 1 : last]
    return Snippet(file, name, first, textwrap.dedent("\n".join(lines)))


def expand_includes(markdown: str, root: Path) -> tuple[str, list[str]]:
    """The markdown with every include marker replaced by its code, and the markers that failed."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        try:
            code = snippet(root, match["file"], match["name"]).as_markdown()
            return textwrap.indent(code, match["indent"], lambda _line: True)
        except (IncludeError, SyntaxError) as error:
            problems.append(f"{match[0]}: {error}")
            return match[0]

    return INCLUDE.sub(replace, markdown), problems


def includes_in(markdown: str) -> list[tuple[str, str | None]]:
    """The (file, name) pairs a chapter includes."""
    return [(match["file"], match["name"]) for match in INCLUDE.finditer(markdown)]
