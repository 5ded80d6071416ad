"""Collecting a folder of submissions into nbgrader's layout (the full cycle: tests/notebooks)."""

from pathlib import Path

from graders.notebooks.course import Course
from graders.notebooks.cycle import collect


def test_collect_copies_known_assignments_only(tmp_path: Path) -> None:
    course = Course(workdir=tmp_path / "work")
    submissions = tmp_path / "submissions"
    (submissions / "ada" / "01-http").mkdir(parents=True)
    (submissions / "ada" / "01-http" / "http_and_servers.ipynb").write_text("{}")
    (submissions / "ada" / "not-an-assignment").mkdir()
    assert collect(course, submissions) == [("ada", "01-http")]
    copied = course.workdir / "submitted" / "ada" / "01-http" / "http_and_servers.ipynb"
    assert copied.read_text() == "{}"
