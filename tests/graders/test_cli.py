"""The instructors' `course release` and `course grade` commands, through the command line."""

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from graders.sandbox import sandbox_problem
from labs.engine.catalog import get_lab
from labs.engine.cli import main


def test_release_writes_the_public_checks_and_no_hidden_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["release", "01", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    bundle = tmp_path / "lab01"
    lab = get_lab("01")
    shipped = {p.name for p in (bundle / "checks").glob("test_*.py")}
    hidden = {p.name for p in lab.hidden_dir.glob("test_*.py")}
    assert shipped == {p.name for p in lab.checks_dir.glob("test_*.py")}
    hidden_text = [p.read_text() for p in lab.hidden_dir.glob("test_*.py")]
    everything = "".join(p.read_text() for p in bundle.rglob("*.py"))
    assert hidden, "lab 01 should have hidden checks for this test to mean anything"
    assert not any(text in everything for text in hidden_text)


def test_release_refuses_to_write_over_a_bundle(tmp_path: Path) -> None:
    CliRunner().invoke(main, ["release", "01", "--out", str(tmp_path)])
    result = CliRunner().invoke(main, ["release", "01", "--out", str(tmp_path)])
    assert result.exit_code != 0
    assert "already exists" in result.output


@pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}")
def test_grade_writes_a_gradebook_row_per_learner(tmp_path: Path) -> None:
    submissions = tmp_path / "class"
    runner = CliRunner()
    started = runner.invoke(main, ["lab", "start", "01", str(submissions / "ann")])
    assert started.exit_code == 0, started.output
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["grade", "01", str(submissions), "--out", str(out), "-j", "1", "--no-load-test"]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((out / "gradebook.csv").open()))
    lab = get_lab("01")
    assert rows == [
        {
            "student_id": "ann",
            "assignment": "lab01",
            "score": "0",  # an untouched starter earns nothing
            "max_score": str(lab.points + lab.hidden_points),
            "not_graded_because": "",
        }
    ]
