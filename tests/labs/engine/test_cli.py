import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from labs.engine.cli import main


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def test_start_check_and_progress(runner: CliRunner) -> None:
    started = runner.invoke(main, ["lab", "start", "01"])
    assert started.exit_code == 0, started.output
    checked = runner.invoke(main, ["check", "01"])
    assert checked.exit_code == 1  # the starter fails its own lab
    assert "failed" in checked.output
    assert "Total: 0/16 points" in checked.output
    result = json.loads(Path("workspace/.course/results/lab01.json").read_text())
    assert {c["status"] for c in result["checks"]} <= {"failed", "skipped"}
    progress = runner.invoke(main, ["labs"])
    assert "0/16" in progress.output


def test_check_outside_a_workspace_says_how_to_start(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "01"])
    assert result.exit_code != 0
    assert "course lab start 01" in result.output


def test_an_unknown_lab_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["lab", "start", "99"])
    assert result.exit_code == 2
    assert "there is no lab" in result.output
