"""The command line: merge, open and grade, as an instructor and a learner type them."""

import csv
from pathlib import Path

import pytest

from graders.notebooks import cycle
from graders.notebooks.__main__ import main
from graders.notebooks.course import Course
from graders.sandbox import bubblewrap
from tests.notebooks.submissions import fill, solutions

NO_BWRAP = "bubblewrap is not installed (apt-get install -y bubblewrap)"


def test_merge_command_writes_the_gradebook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebooks, labs = tmp_path / "grades.csv", tmp_path / "labs.csv"
    notebooks.write_text("student_id,assignment,score,max_score\nada,01-http,7,7\n")
    labs.write_text("student_id,assignment,score,max_score\nada,lab-01,9,10\n")
    output = tmp_path / "gradebook.csv"
    assert main(["merge", str(notebooks), str(labs), "-o", str(output)]) == 0
    assert output.read_text().splitlines()[-1] == "ada,7,9,16"
    assert str(output) in capsys.readouterr().out


def test_open_print_shows_the_learner_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workdir = tmp_path / "work"
    for assignment in ("01-http", "02-sql", "03-passwords", "04-tokens", "05-api-design"):
        (workdir / "release" / assignment).mkdir(parents=True)
    assert main(["--workdir", str(workdir), "open", "--print"]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith(f"JUPYTER_CONFIG_DIR={workdir / 'learner-config'} ")
    assert "-m jupyterlab" in printed


def test_static_lint_command_passes_on_the_sources(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", "--static"]) == 0
    notebooks = len(Course().source_notebooks())
    assert f"0 problem(s) in {notebooks} notebook(s)" in capsys.readouterr().out


def test_grade_refuses_to_run_without_a_sandbox_and_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bubblewrap, "sandbox_problem", lambda: NO_BWRAP)
    (tmp_path / "submissions").mkdir()
    workdir = tmp_path / "work"
    assert main(["--workdir", str(workdir), "grade", str(tmp_path / "submissions")]) == 1
    error = capsys.readouterr().err
    assert NO_BWRAP in error
    assert "--no-sandbox" in error
    assert not workdir.exists(), "nothing was released or graded"


@pytest.mark.slow
def test_grade_without_a_sandbox_grades_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--no-sandbox: where none can be made, learners' kernels run unconfined, as they used to."""
    monkeypatch.setattr(bubblewrap, "sandbox_problem", lambda: NO_BWRAP)
    course = Course(workdir=tmp_path / "work")
    source = next(p for p in course.source_notebooks() if p.parent.name == "04-tokens")
    cycle.release(course)
    released = course.workdir / "release" / "04-tokens" / source.name
    fill(released, solutions(source), tmp_path / "submissions" / "ada" / "04-tokens" / source.name)
    command = ["--workdir", str(course.workdir), "grade", str(tmp_path / "submissions")]
    assert main([*command, "--no-sandbox"]) == 0
    assert "--no-sandbox: learners' code runs with your privileges" in capsys.readouterr().err
    with (course.workdir / "grades.csv").open(newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["student_id"] == "ada"]
    assert {row["assignment"]: row["score"] for row in rows}["04-tokens"] == "7.0"
