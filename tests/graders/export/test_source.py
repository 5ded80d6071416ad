"""The course's source as exports copy it: what installing needs, no cache or environment."""

from pathlib import Path

import pytest

from graders.export import ExportError
from graders.export.source import FILES, INSTRUCTOR, PACKAGES, copy_course, course_root, pinned


def test_the_copy_holds_what_installing_needs(tmp_path: Path) -> None:
    copy = copy_course(tmp_path / "course")
    assert (copy / "pyproject.toml").read_text() == (course_root() / "pyproject.toml").read_text()
    assert (copy / "README.md").is_file()
    assert all((copy / package / "__init__.py").is_file() for package in PACKAGES)
    assert (copy / INSTRUCTOR / "labs").is_dir(), "the autograder grades with the hidden checks"
    assert not (copy / "tests").exists()


def test_the_copy_leaves_out_caches_databases_and_environments(tmp_path: Path) -> None:
    source = tmp_path / "source"
    for name in FILES:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text("")
    for package in PACKAGES:
        (source / package / "__pycache__").mkdir(parents=True)
        (source / package / "__init__.py").write_text("")
        (source / package / "__pycache__" / "__init__.cpython-311.pyc").write_bytes(b"")
    (source / INSTRUCTOR / "labs").mkdir(parents=True)
    (source / INSTRUCTOR / "labs" / "hidden.py").write_text("")
    (source / "graders" / ".data").mkdir()
    (source / "labs" / "stray.pyc").write_bytes(b"")
    copy = copy_course(tmp_path / "copy", source)
    assert sorted(p.relative_to(copy).as_posix() for p in copy.rglob("*") if p.is_file()) == sorted(
        [*FILES, *(f"{package}/__init__.py" for package in PACKAGES), "instructor/labs/hidden.py"]
    )


def test_a_requirement_comes_with_the_version_pyproject_asks_for() -> None:
    assert pinned("pytest").startswith("pytest>=")
    assert pinned("pytest-asyncio").startswith("pytest-asyncio>=")


def test_a_requirement_the_course_does_not_declare_is_refused() -> None:
    with pytest.raises(ExportError, match="does not declare 'leftpad'"):
        pinned("leftpad")
