"""Chapters show code by naming it; the build copies the current source in."""

from pathlib import Path

import pytest
from includes import IncludeError, expand_includes, includes_in, snippet

SOURCE = '''"""A module."""


@decorated
async def handler(x: int) -> int:
    return x + 1


class Thing:
    def method(self) -> str:
        return "body"
'''


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "mod.py").write_text(SOURCE)
    return tmp_path


def test_a_function_comes_with_its_decorator_and_its_own_line_numbers(root: Path) -> None:
    found = snippet(root, "pkg/mod.py", "handler")
    assert found.first_line == 4, "the snippet should start at the decorator's line"
    assert found.code.splitlines() == [
        "@decorated",
        "async def handler(x: int) -> int:",
        "    return x + 1",
    ]
    assert 'linenums="4"' in found.as_markdown()
    assert 'title="pkg/mod.py · handler"' in found.as_markdown()


def test_a_method_is_named_through_its_class_and_dedented(root: Path) -> None:
    found = snippet(root, "pkg/mod.py", "Thing.method")
    assert found.code.splitlines()[0] == "def method(self) -> str:"
    assert found.first_line == 10


def test_a_bare_path_shows_the_whole_file(root: Path) -> None:
    assert snippet(root, "pkg/mod.py", None).code == SOURCE


@pytest.mark.parametrize(("file", "name"), [("pkg/mod.py", "gone"), ("pkg/nope.py", "handler")])
def test_a_missing_file_or_name_is_an_error(root: Path, file: str, name: str) -> None:
    with pytest.raises(IncludeError):
        snippet(root, file, name)


def test_markers_are_replaced_and_failures_reported(root: Path) -> None:
    chapter = (
        "Text.\n\n<!-- include: pkg/mod.py::handler -->\n\n<!-- include: pkg/mod.py::gone -->\n"
    )
    assert includes_in(chapter) == [("pkg/mod.py", "handler"), ("pkg/mod.py", "gone")]
    built, problems = expand_includes(chapter, root)
    assert "```python" in built
    assert "return x + 1" in built
    assert problems == ["<!-- include: pkg/mod.py::gone -->: pkg/mod.py defines no 'gone'"]


def test_an_indented_marker_gives_an_indented_block(root: Path) -> None:
    built, problems = expand_includes(
        "1. Step.\n\n    <!-- include: pkg/mod.py::handler -->\n", root
    )
    assert not problems
    assert "\n    ```python" in built
    assert "\n        return x + 1\n" in built
    assert "\n\n    ```\n" in built or built.endswith("    ```\n")
