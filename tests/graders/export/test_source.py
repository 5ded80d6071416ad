"""The course's source as exports copy it: what installing needs, no cache or environment."""

from pathlib import Path

import pytest

from graders.export import ExportError
from graders.export.source import PACKAGES, copy_course, course_root, pinned


def test_the_copy_holds_what_installing_needs_and_no_cache(tmp_path: Path) -> None:
    copy = copy_course(tmp_path / "course")
    assert (copy / "pyproject.toml").read_text() == (course_root() / "pyproject.toml").read_text()
    assert (copy / "README.md").is_file()
    assert all((copy / package / "__init__.py").is_file() for package in PACKAGES)
    assert list(course_root().rglob("__pycache__")), "the source should have caches to leave out"
    assert [p for p in copy.rglob("*") if p.name == "__pycache__" or p.suffix == ".pyc"] == []


def test_a_requirement_comes_with_the_version_pyproject_asks_for() -> None:
    assert pinned("pytest").startswith("pytest>=")
    assert pinned("pytest-asyncio").startswith("pytest-asyncio>=")


def test_a_requirement_the_course_does_not_declare_is_refused() -> None:
    with pytest.raises(ExportError, match="does not declare 'leftpad'"):
        pinned("leftpad")
