"""`course export` and `course passed` through the command line."""

import json
from dataclasses import asdict
from pathlib import Path

from click.testing import CliRunner

from labs.engine.cli import main
from labs.engine.results import CheckResult, RunResult

INSTALL = "-e git+https://example.org/course@v1#egg=backend-course"


def test_export_to_gradescope_writes_the_zip(tmp_path: Path) -> None:
    args = ["export", "01", "--to", "gradescope", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lab01-gradescope.zip").is_file()


def test_export_to_github_classroom_writes_the_template(tmp_path: Path) -> None:
    args = ["export", "1", "--to", "github-classroom", "--install", INSTALL, "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    workflow = tmp_path / "lab01-github-classroom" / ".github" / "workflows" / "classroom.yml"
    assert "pip install -e 'git+https://example.org/course@v1#egg=backend-course'" in (
        workflow.read_text()
    )


def test_an_unknown_lab_is_a_clear_error(tmp_path: Path) -> None:
    args = ["export", "42", "--to", "gradescope", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert "there is no lab '42'" in result.output


def test_github_classroom_needs_install(tmp_path: Path) -> None:
    args = ["export", "01", "--to", "github-classroom", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "--to github-classroom needs --install SPEC" in result.output
    assert list(tmp_path.iterdir()) == []


def test_options_of_the_other_platform_are_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    to_gradescope = ["export", "01", "--to", "gradescope", "--out", str(tmp_path)]
    assert "--install is for" in runner.invoke(main, [*to_gradescope, "--install", "x"]).output
    to_classroom = ["export", "01", "--to", "github-classroom", "--install", "x"]
    refused = runner.invoke(main, [*to_classroom, "--out", str(tmp_path), "--no-sandbox"])
    assert "--no-sandbox and --time-limit are for --to gradescope" in refused.output


def test_an_earlier_export_is_not_overwritten(tmp_path: Path) -> None:
    args = ["export", "01", "--to", "gradescope", "--out", str(tmp_path)]
    CliRunner().invoke(main, args)
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1
    assert "already exists" in again.output


def test_passed_exits_0_only_for_a_passed_check(tmp_path: Path) -> None:
    checks = [
        CheckResult("01", "a", "A passes.", "t", 1, False, "passed"),
        CheckResult("01", "b", "B fails.", "t", 1, False, "failed", message="got 500"),
    ]
    path = tmp_path / "lab-result.json"
    path.write_text(json.dumps(asdict(RunResult("in-process", "workspace", checks))))
    assert CliRunner().invoke(main, ["passed", str(path), "01:a"]).exit_code == 0
    failed = CliRunner().invoke(main, ["passed", str(path), "01:b"])
    assert failed.exit_code == 1
    assert "got 500" in failed.output
