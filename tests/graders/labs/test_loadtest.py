"""The load test in a grade: each learner's app in its sandbox, then judged against the reference
measured in the same batch; the class's ratios in the summary."""

import asyncio
import dataclasses
import json
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from graders.labs import grade_class
from graders.labs.loadtest import CHECK_ID, GRADING_SHAPE, LoadTestGrade, as_check
from graders.sandbox import SandboxUnavailable, require_sandbox
from labs.engine.catalog import all_labs
from labs.engine.mistakes import apply_mistake, mistakes_of
from labs.engine.workspace import create, reference_sources

# The lab that lists articles (its scenario's readers list and filter them all the time, and
# check each count against the dataset), given load-test points here whatever its lab.toml says.
LISTS_LAB = next(lab for lab in all_labs().values() if "list_articles" in lab.hints)
LAB = dataclasses.replace(LISTS_LAB, loadtest_points=3)
SHORT = dataclasses.replace(GRADING_SHAPE, users=4, spawn_rate=4.0, seconds=3)


def _sandbox_or_skip() -> None:
    try:
        require_sandbox()
    except SandboxUnavailable as error:
        pytest.skip(f"no sandbox on this machine: {error}")


def _with_a_kept_mistake(name: str) -> dict[str, str]:
    """The reference with one of the lab's kept mistakes: right statuses, wrong bodies."""
    (mistake,) = [m for m in mistakes_of(LAB) if m.name == name]
    return apply_mistake(reference_sources(), mistake)


def test_a_class_is_load_tested_after_its_checks_and_a_wrong_answer_under_load_fails(
    tmp_path: Path,
) -> None:
    _sandbox_or_skip()
    reference = reference_sources()
    create(tmp_path / "class" / "ada", reference, [LAB.number])
    create(tmp_path / "class" / "eve", _with_a_kept_mistake("count_is_page_size"), [LAB.number])
    out = tmp_path / "grades"

    grades = {
        g.student: g
        for g in grade_class(
            LAB, tmp_path / "class", out, jobs=2, progress=False, load_test=True, load_shape=SHORT
        )
    }

    ada, eve = grades["ada"], grades["eve"]
    assert ada.load_test is not None
    assert eve.load_test is not None
    assert ada.load_test.status in ("pass", "invalid"), ada.load_test
    assert ada.load_test.failures == 0
    assert ada.load_test.requests > 0
    assert eve.load_test.status == "fail"
    assert eve.load_test.failures > 0
    ada_check = next(c for c in ada.checks if c.id == CHECK_ID)
    eve_check = next(c for c in eve.checks if c.id == CHECK_ID)
    assert (ada_check.status, ada_check.earned) == ("passed", 3)
    assert (eve_check.status, eve_check.earned) == ("failed", 0)
    assert "GET /api/articles" in eve_check.message
    assert ada.max_score == eve.max_score == LAB.points + LAB.hidden_points + 3
    assert ada.score == ada.max_score
    summary = (out / "summary.md").read_text()
    assert "## Load test" in summary
    assert "| eve | fail |" in summary
    assert (out / "load_ratios.png").stat().st_size > 0
    # The figures are kept with the grade, and read back when a learner is regraded.
    kept = json.loads((out / "learners" / "ada" / "grade.json").read_text())
    assert kept["load_test"]["requests"] == ada.load_test.requests


def test_every_lab_gives_its_load_test_points() -> None:
    assert {lab.number: lab.loadtest_points > 0 for lab in all_labs().values()} == {
        number: True for number in all_labs()
    }


def test_a_lab_without_load_test_points_runs_none(tmp_path: Path) -> None:
    lab = dataclasses.replace(LAB, loadtest_points=0)
    create(tmp_path / "class" / "ada", reference_sources(), [lab.number])
    out = tmp_path / "out"
    (grade,) = grade_class(
        lab, tmp_path / "class", out, trusted=True, progress=False, load_test=True
    )
    assert grade.load_test is None
    assert not any(check.id == CHECK_ID for check in grade.checks)


def test_a_busy_machine_costs_a_correct_learner_nothing_and_says_speed_was_not_judged() -> None:
    busy = "other processes took 40% of the CPUs"
    spoiled = LoadTestGrade(
        "invalid", rps=50, reference_rps=100, throughput_ratio=0.5, requests=500, invalid=[busy]
    )
    check = as_check(LAB, spoiled)
    assert (check.status, check.earned) == ("passed", 3)
    assert "speed not judged" in check.message
    assert "--only" in check.message


def test_an_app_that_cannot_be_load_tested_loses_the_points_with_the_reason() -> None:
    check = as_check(LAB, LoadTestGrade("error", error="the app ended before it served"))
    assert (check.status, check.earned) == ("failed", 0)
    assert "ended before it served" in check.message


def test_the_relay_carries_bytes_both_ways_to_a_unix_socket(tmp_path: Path) -> None:
    path = tmp_path / "app.sock"
    ready = threading.Event()

    async def echo_upper() -> None:
        async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            writer.write((await reader.readexactly(5)).upper())
            await writer.drain()
            writer.close()

        server = await asyncio.start_unix_server(answer, path=str(path))
        ready.set()
        async with server:
            await asyncio.sleep(30)

    thread = threading.Thread(target=asyncio.run, args=(echo_upper(),), daemon=True)
    thread.start()
    assert ready.wait(10)
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))
    listening.listen()
    port = listening.getsockname()[1]
    relay = subprocess.Popen(
        [sys.executable, "-m", "graders.labs.relay", str(listening.fileno()), str(path)],
        pass_fds=[listening.fileno()],
    )
    listening.close()
    try:
        with socket.create_connection(("127.0.0.1", port)) as client:
            client.sendall(b"hello")
            assert client.recv(5) == b"HELLO"
    finally:
        relay.kill()
        relay.wait()
