import contextlib
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from labs.engine.cli import main
from labs.engine.workspace import create, reference_sources
from tests.labs.conftest import free_port, wait_for_health

COURSE = [sys.executable, "-c", "from labs.engine.cli import main; main()"]


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


def test_check_by_url_scores_a_running_server(runner: CliRunner, reference_server: str) -> None:
    public = runner.invoke(main, ["check", "01", "--url", reference_server])
    assert public.exit_code == 0, public.output
    assert "Total: 16/16 points" in public.output
    with_hidden = runner.invoke(main, ["check", "01", "--url", reference_server, "--hidden"])
    assert with_hidden.exit_code == 0, with_hidden.output
    assert "Total: 18/18 points" in with_hidden.output
    assert not Path("workspace").exists()  # checking by URL needs no workspace and writes none


@pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX process groups")
def test_serve_answers_health_and_stops_without_leaving_a_process(tmp_path: Path) -> None:
    workspace = create(tmp_path / "ws", reference_sources(), ["01"]).root
    port = free_port()
    env = {**os.environ, "ENVIRONMENT": "test", "BCRYPT_ROUNDS": "4", "LOG_LEVEL": "WARNING"}
    env["DATA_DIR"] = str(tmp_path / "data")
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'conduit.db'}"
    command = [*COURSE, "serve", str(workspace), "--port", str(port)]
    course = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True)
    try:
        assert wait_for_health(f"http://127.0.0.1:{port}"), "course serve did not answer /health"
        course.send_signal(signal.SIGTERM)  # to `course` alone: it must stop its server
        assert course.wait(timeout=20) == 0
        with pytest.raises(ProcessLookupError):
            os.killpg(course.pid, 0)  # nothing is left in the process group
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(course.pid, signal.SIGKILL)
        course.wait(timeout=10)
