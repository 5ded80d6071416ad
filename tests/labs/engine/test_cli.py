import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest
from click.testing import CliRunner

from labs.engine import cli
from labs.engine.catalog import get_lab
from labs.engine.cli import main
from labs.engine.workspace import create, reference_sources
from tests.labs.conftest import free_port, wait_for_health

LAB = get_lab("01")
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
    assert f"Total: 0/{LAB.points} points" in checked.output
    result = json.loads(Path("workspace/.course/results/lab01.json").read_text())
    assert {c["status"] for c in result["checks"]} <= {"failed", "skipped"}
    progress = runner.invoke(main, ["labs"])
    assert f"0/{LAB.points}" in progress.output


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
    assert f"Total: {LAB.points}/{LAB.points} points" in public.output
    with_hidden = runner.invoke(main, ["check", "01", "--url", reference_server, "--hidden"])
    assert with_hidden.exit_code == 0, with_hidden.output
    full = LAB.points + LAB.hidden_points
    assert f"Total: {full}/{full} points" in with_hidden.output
    assert not Path("workspace").exists()  # checking by URL needs no workspace and writes none


def _group_ends(group: int, seconds: float = 30) -> bool:
    """Whether every process of the group ends (the reloader's helpers end just after it)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


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
        assert _group_ends(course.pid), "a process of `course serve` was left running"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(course.pid, signal.SIGKILL)
        course.wait(timeout=10)


@pytest.mark.parametrize("url", ["127.0.0.1:8001", "http://127.0.0.1:{port}"])
def test_check_by_a_url_that_cannot_be_checked_is_one_line_and_exit_2(
    runner: CliRunner, url: str
) -> None:
    result = runner.invoke(main, ["check", "01", "--url", url.format(port=free_port())])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert result.output.startswith("--url: ")


def test_check_works_from_inside_the_workspace(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert runner.invoke(main, ["lab", "start", "01"]).exit_code == 0
    monkeypatch.chdir("workspace/conduit")
    checked = runner.invoke(main, ["check", "01"])
    assert checked.exit_code == 1, checked.output  # the starter's verdicts, not "not a workspace"
    assert Path("../.course/results/lab01.json").exists()


def test_code_outside_the_regions_is_said_to_be_ignored_by_grading(runner: CliRunner) -> None:
    assert runner.invoke(main, ["lab", "start", "01"]).exit_code == 0
    settings = Path("workspace/conduit/settings.py")
    settings.write_text(settings.read_text() + "\nEXTRA = 1\n")
    checked = runner.invoke(main, ["check", "01"], terminal_width=200)
    assert "you changed settings.py outside the marked regions" in checked.output


def test_a_failed_outside_edits_comparison_is_raised_not_lost_in_its_thread(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison runs in a thread beside the checks; its error must still reach the user."""
    assert runner.invoke(main, ["lab", "start", "01"]).exit_code == 0

    def broken(_workspace: object) -> list[str]:
        raise RuntimeError("comparison broke")

    monkeypatch.setattr(cli, "_outside_edits", broken)
    checked = runner.invoke(main, ["check", "01"])
    assert isinstance(checked.exception, RuntimeError), checked.output
    assert str(checked.exception) == "comparison broke"


def test_progress_counts_public_points_only(runner: CliRunner) -> None:
    """A check run with --hidden does not push progress past the lab's public points."""
    assert runner.invoke(main, ["lab", "start", "01"]).exit_code == 0
    results = Path("workspace/.course/results")
    results.mkdir(parents=True)
    checks = [
        {"lab": "01", "id": "a", "title": "a", "task": "t", "points": 3, "hidden": False,
         "status": "passed"},
        {"lab": "01", "id": "b", "title": "b", "task": "t", "points": 2, "hidden": True,
         "status": "passed"},
    ]  # fmt: skip
    run = {"mode": "in-process", "target": "workspace", "checks": checks}
    (results / "lab01.json").write_text(json.dumps(run))
    listed = runner.invoke(main, ["labs"])
    assert "Progress over the labs you started: 3/" in listed.output


def _answer(url: str) -> httpx.Response | None:
    try:
        return httpx.get(url, timeout=5)
    except httpx.HTTPError:
        return None


def _wait_for(url: str, wanted: str, seconds: float = 60) -> bool:
    """Whether GET `url` answers a body holding `wanted` within `seconds` (polled)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        reply = _answer(url)
        if reply is not None and wanted in reply.text:
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX process groups")
def test_serve_loads_demo_data_and_reloads_when_a_file_is_saved(tmp_path: Path) -> None:
    workspace = create(tmp_path / "ws", reference_sources(), ["01"]).root
    port = free_port()
    env = {**os.environ, "ENVIRONMENT": "test", "BCRYPT_ROUNDS": "4", "LOG_LEVEL": "WARNING"}
    env["DATA_DIR"] = str(tmp_path / "data")
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'conduit.db'}"
    command = [*COURSE, "serve", str(workspace), "--port", str(port), "--demo-data"]
    course = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(f"{url}/api/articles", '"articlesCount":'), "course serve did not answer"
        listed = _answer(f"{url}/api/articles")
        assert listed is not None
        assert listed.json()["articlesCount"] > 0  # the demo articles
        health = workspace / "conduit" / "health.py"
        health.write_text(health.read_text().replace('"database": "ok"}', '"database": "fine"}'))
        assert _wait_for(f"{url}/health", '"fine"'), "the saved change was not served"
    finally:
        course.send_signal(signal.SIGTERM)
        course.wait(timeout=30)
        assert _group_ends(course.pid)


@pytest.mark.skipif(sys.platform == "win32", reason="uses POSIX signals")
def test_ctrl_c_during_a_check_exits_130(tmp_path: Path) -> None:
    create(tmp_path / "workspace", reference_sources(), ["01"])
    course = subprocess.Popen(
        [*COURSE, "check", "01"], cwd=tmp_path, start_new_session=True, stdout=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 60
        while not psutil.Process(course.pid).children() and time.monotonic() < deadline:
            time.sleep(0.05)  # until the checks' process has started
        os.killpg(course.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
        output, _ = course.communicate(timeout=60)
        assert course.returncode == 130, output
        assert b"Stopped." in output
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(course.pid, signal.SIGKILL)
