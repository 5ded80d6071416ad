"""Hostile notebooks, graded in one batch with an honest one: each attack runs, none gets through.

Every hostile learner answers the first exercise of 04-tokens honestly and hands in an attack
(tests/notebooks/attacks.py) as the answer to the second; the third is left as released. So each
must score exactly the first exercise's points, however its kernel ends.
"""

import csv
import os
import socket
import sqlite3
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from graders.notebooks import cycle, kernel
from graders.notebooks.course import Course
from graders.notebooks.execute import DIED, NOT_RUN
from graders.sandbox import Running, processes_of
from tests.graders.sandbox.conftest import needs_sandbox
from tests.notebooks.attacks import ATTACKS, SUCCESS_WORDS, attack
from tests.notebooks.batches import Summary, grade_once
from tests.notebooks.conftest import CELL_TIMEOUT
from tests.notebooks.source_cells import exercise_points, hidden_lines
from tests.notebooks.submissions import fill, solutions

pytestmark = needs_sandbox

ASSIGNMENT = "04-tokens"
SOURCE = next(path for path in Course().source_notebooks() if path.parent.name == ASSIGNMENT)
HONEST_EXERCISE, ATTACKED_EXERCISE = "decode-part", "verify"
HONEST_POINTS = exercise_points(SOURCE)[0]
HONEST = "honest"
KERNEL_KILLERS = ("kill_parent",)  # always end their kernel; bombs may, or may only fail
# What stops each bomb: an error in the cell, or the kernel's end, said in its output.
BOMB_STOPPERS = {
    "fork_bomb": ("BlockingIOError", "more memory than allowed"),  # processes, or their memory
    "memory_bomb": ("MemoryError", "more memory than allowed"),
}


def _student(name: str) -> str:
    return "hostile-" + name.replace("_", "-")


def _recording(uids: list[int]) -> type[Running]:
    """Running, noting the uid of every sandbox it makes."""

    class Recording(Running):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            uids.append(self.uid)

    return Recording


def _text(outputs: list[Any]) -> str:
    """All that a cell's outputs say: streams, errors, and the plain text of results."""
    parts = []
    for output in outputs:
        parts.append(output.get("text", ""))
        parts += [output.get("ename", ""), output.get("evalue", "")]
        parts.append(output.get("data", {}).get("text/plain", ""))
    return "\n".join(parts)


def _read_outputs(course: Course, student: str) -> tuple[str, str]:
    """What the attacked cell printed, and what the whole autograded notebook printed."""
    path = course.workdir / "autograded" / student / ASSIGNMENT / SOURCE.name
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    attacked = [c for c in cells if c.metadata.get("nbgrader", {}).get("grade_id") == "verify"]
    return _text(attacked[0].outputs), "\n".join(_text(cell.outputs) for cell in cells)


def _build_submissions(course: Course, folder: Path, fields: dict[str, object]) -> None:
    released = course.workdir / "release" / ASSIGNMENT / SOURCE.name
    answers = solutions(SOURCE)
    fill(released, answers, folder / HONEST / ASSIGNMENT / SOURCE.name)
    for name in ATTACKS:
        cells = {
            HONEST_EXERCISE: answers[HONEST_EXERCISE],
            ATTACKED_EXERCISE: attack(name, **fields),
        }
        fill(released, cells, folder / _student(name) / ASSIGNMENT / SOURCE.name)


def _accepted(listener: socket.socket) -> int:
    count = 0
    while True:
        try:
            listener.accept()[0].close()
        except BlockingIOError:
            return count
        count += 1


def _gradebook(course: Course) -> tuple[str, int]:
    """The gradebook's integrity check, and how many manual scores it holds (none were given)."""
    with sqlite3.connect(f"file:{course.workdir / 'gradebook.db'}?mode=ro", uri=True) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        manual = db.execute("SELECT count(*) FROM grade WHERE manual_score IS NOT NULL").fetchone()
    return str(integrity), int(manual[0])


def _grade(folder: Path) -> Summary:
    course = Course(workdir=folder / "work", cell_timeout=CELL_TIMEOUT)
    cycle.release(course)
    uids: list[int] = []
    with (
        socket.create_server(("127.0.0.1", 0)) as listener,
        pytest.MonkeyPatch.context() as patch,
    ):
        listener.setblocking(False)
        fields = {
            "source": SOURCE,
            "workdir": course.workdir,
            "port": listener.getsockname()[1],
            "grader_pid": os.getpid(),
        }
        _build_submissions(course, folder / "submissions", fields)
        patch.setattr(kernel, "Running", _recording(uids))
        start = time.perf_counter()
        report = cycle.grade(course, folder / "submissions")
        seconds = time.perf_counter() - start
        connections = _accepted(listener)
    assert report.grades_csv is not None
    with report.grades_csv.open(newline="") as file:
        rows = [row for row in csv.DictReader(file) if row["assignment"] == ASSIGNMENT]
    scores = {row["student_id"]: float(row["score"]) for row in rows}
    students = [student for student, _ in report.graded]
    outputs = {student: _read_outputs(course, student) for student in students}
    integrity, manual_scores = _gradebook(course)
    return {
        "graded": students,
        "scores": scores,
        "attack_outputs": {student: attacked for student, (attacked, _) in outputs.items()},
        "outputs": {student: everything for student, (_, everything) in outputs.items()},
        "uids": uids,
        "left_running": {uid: processes_of(uid) for uid in uids if processes_of(uid)},
        "connections": connections,
        "integrity": integrity,
        "manual_scores": manual_scores,
        "forged_file": (course.workdir / "forged.txt").exists(),
        "seconds": seconds,
    }


@pytest.fixture(scope="session")
def hostile(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Summary:
    return grade_once(tmp_path_factory, worker_id, "hostile-notebooks", _grade)


def test_the_whole_batch_is_graded(hostile: Summary) -> None:
    """No attack stops the batch: every learner is graded."""
    assert sorted(hostile["graded"]) == sorted([HONEST, *map(_student, ATTACKS)])


def test_the_honest_learner_gets_full_marks(hostile: Summary) -> None:
    assert hostile["scores"][HONEST] == sum(exercise_points(SOURCE))


@pytest.mark.parametrize("name", ATTACKS)
def test_each_attack_ran(hostile: Summary, name: str) -> None:
    """Its marker is in the autograded notebook: the attack's code did run."""
    assert f"RAN {name}" in hostile["attack_outputs"][_student(name)]


@pytest.mark.parametrize("name", ATTACKS)
def test_no_attack_gets_through(hostile: Summary, name: str) -> None:
    """No read, write, connection, kill or swap succeeded (it would have said so)."""
    output = hostile["attack_outputs"][_student(name)]
    assert not [word for word in SUCCESS_WORDS if word in output], output[:2000]


@pytest.mark.parametrize("name", ATTACKS)
def test_no_attack_earns_more_than_its_honest_exercise(hostile: Summary, name: str) -> None:
    student = _student(name)
    assert hostile["scores"][student] == HONEST_POINTS, hostile["outputs"][student][-3000:]


def test_no_hidden_test_reaches_a_hostile_cell(hostile: Summary) -> None:
    """Neither the source notebook, nor the autograded ones, nor the gradebook can be read."""
    leaked = [
        (student, line)
        for student, output in hostile["attack_outputs"].items()
        for line in hidden_lines(SOURCE)
        if line in output
    ]
    assert leaked == []


def test_the_gradebook_is_intact(hostile: Summary) -> None:
    """Not a score forged, not a file written: nbgrader's gradebook is as nbgrader left it."""
    assert hostile["integrity"] == "ok"
    assert hostile["manual_scores"] == 0
    assert not hostile["forged_file"]


def test_no_connection_reaches_the_grader(hostile: Summary) -> None:
    """The grader's own port on 127.0.0.1 saw no connection: the sandbox has its own network."""
    assert hostile["connections"] == 0


@pytest.mark.parametrize("name", KERNEL_KILLERS)
def test_a_notebook_whose_kernel_died_is_graded_up_to_its_death(
    hostile: Summary, name: str
) -> None:
    """The cell that ended its kernel says so, and each cell after it says it did not run."""
    output = hostile["outputs"][_student(name)]
    assert DIED in output
    assert NOT_RUN in output


@pytest.mark.parametrize("name", BOMB_STOPPERS)
def test_a_bomb_is_stopped_by_a_limit_of_its_sandbox(hostile: Summary, name: str) -> None:
    output = hostile["attack_outputs"][_student(name)]
    assert any(stopper in output for stopper in BOMB_STOPPERS[name]), output[-2000:]


def test_every_kernel_ran_in_a_sandbox_and_left_nothing_running(hostile: Summary) -> None:
    """One sandbox per notebook; once graded, none of their uids has a process left."""
    assert len(hostile["uids"]) == len(hostile["graded"])
    assert hostile["left_running"] == {}
