"""The command line: merge and open, as an instructor and a learner type them."""

from pathlib import Path

import pytest

from graders.notebooks.__main__ import main


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
    assert "0 problem(s) in 5 notebook(s)" in capsys.readouterr().out
