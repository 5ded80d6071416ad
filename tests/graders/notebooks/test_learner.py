"""The learner's JupyterLab: instructor tools off, their own copy of the release."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from graders.notebooks.course import Course
from graders.notebooks.learner import (
    INSTRUCTOR_PLUGINS,
    lab_command,
    learner_notebooks,
    write_learner_config,
)


def test_learner_config_disables_and_locks_instructor_tools(tmp_path: Path) -> None:
    config_dir = write_learner_config(tmp_path / "config")
    page = json.loads((config_dir / "labconfig" / "page_config.json").read_text())
    assert set(page["disabledExtensions"]) == set(INSTRUCTOR_PLUGINS)
    assert set(page["lockedExtensions"]) == set(INSTRUCTOR_PLUGINS)
    server = json.loads((config_dir / "jupyter_server_config.json").read_text())
    enabled = server["ServerApp"]["jpserver_extensions"]
    assert enabled == {
        "nbgrader.server_extensions.formgrader": False,
        "nbgrader.server_extensions.course_list": False,
    }


@pytest.mark.slow
def test_jupyterlab_reads_the_learner_config(tmp_path: Path) -> None:
    """JupyterLab itself lists the instructor plugins as disabled, the learner ones not."""
    config_dir = write_learner_config(tmp_path / "config")
    listing = subprocess.run(
        [sys.executable, "-m", "jupyter", "labextension", "list"],
        env={**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir)},
        capture_output=True,
        text=True,
        check=True,
    )
    disabled = listing.stdout + listing.stderr
    disabled = disabled.split("Disabled extensions:", 1)[1]
    for plugin in INSTRUCTOR_PLUGINS:
        assert plugin in disabled
    assert "assignment-list" not in disabled
    assert "validate-assignment" not in disabled


def test_learner_work_is_never_overwritten(tmp_path: Path) -> None:
    """Reopening keeps the learner's edits; the release is copied only the first time."""
    course = Course(workdir=tmp_path / "work")
    release = course.workdir / "release"
    for assignment in course.assignments():  # a stand-in release: the real one is tested apart
        (release / assignment).mkdir(parents=True)
        (release / assignment / "notebook.ipynb").write_text("released")
    (course.exchange_dir / course.course_id / "outbound").mkdir(parents=True)  # published
    notebooks = learner_notebooks(course)
    mine = notebooks / course.assignments()[0] / "notebook.ipynb"
    mine.write_text("my work")
    assert learner_notebooks(course) == notebooks
    assert mine.read_text() == "my work"


def test_lab_command_points_jupyter_at_the_learner_config(tmp_path: Path) -> None:
    course = Course(workdir=tmp_path / "work")
    for assignment in course.assignments():
        (course.workdir / "release" / assignment).mkdir(parents=True)
    (course.exchange_dir / course.course_id / "outbound").mkdir(parents=True)  # published
    argv, env = lab_command(course, port=8899)
    assert argv[1:3] == ["-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={course.workdir / 'learner'}" in argv
    assert "--ServerApp.port=8899" in argv
    assert env["JUPYTER_CONFIG_DIR"] == str(course.workdir / "learner-config")


def test_learner_config_points_nbgrader_at_the_course_and_the_exchange(tmp_path: Path) -> None:
    """The Assignment List finds the released assignments, and the learner's copies of them."""
    course = Course(workdir=tmp_path / "work")
    config_dir = write_learner_config(tmp_path / "config", course)
    nbgrader = json.loads((config_dir / "nbgrader_config.json").read_text())
    assert nbgrader["CourseDirectory"]["course_id"] == course.course_id
    assert nbgrader["Exchange"]["root"] == str(course.exchange_dir)
    assert nbgrader["Exchange"]["assignment_dir"] == str(course.workdir / "learner")


@pytest.mark.parametrize(("uid", "allowed"), [(0, True), (1000, False)])
def test_jupyterlab_is_told_to_run_as_root_only_when_it_is_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uid: int, allowed: bool
) -> None:
    course = Course(workdir=tmp_path / "work")
    for assignment in course.assignments():
        (course.workdir / "release" / assignment).mkdir(parents=True)
    (course.exchange_dir / course.course_id / "outbound").mkdir(parents=True)
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    argv, _ = lab_command(course)
    assert ("--allow-root" in argv) is allowed
