"""One autograde cycle over several fake learners, shared by every test of the notebooks.

Learners: `solver` (the instructor's answers), `untouched` (the release as is), `visible-only`
(answers that pass the visible tests only) and `looper` (an infinite loop in 01-http). Their
kernels run in the sandbox, as in real grading, wherever one can be made (unconfined elsewhere:
the scores must be the same).
"""

import csv
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from graders.notebooks import cycle
from graders.notebooks.course import Course
from graders.sandbox import sandbox_problem
from tests.notebooks.batches import Summary, grade_once
from tests.notebooks.partial_solutions import INFINITE_LOOP, PARTIAL_SOLUTIONS
from tests.notebooks.submissions import fill, solutions

CELL_TIMEOUT = 20  # seconds: a looping cell costs this much, every honest cell far less
LOOPING_ASSIGNMENT = "01-http"


@dataclass(frozen=True)
class GradedCourse:
    course: Course
    report: cycle.CycleReport
    scores: dict[tuple[str, str], float]  # (student, assignment) -> score
    max_scores: dict[str, float]
    seconds: float


def _build_submissions(course: Course, folder: Path) -> None:
    for source in course.source_notebooks():
        assignment = source.parent.name
        released = course.workdir / "release" / assignment / source.name
        answers = solutions(source)
        fill(released, answers, folder / "solver" / assignment / source.name)
        fill(released, {}, folder / "untouched" / assignment / source.name)
        partial = {key: PARTIAL_SOLUTIONS[key] for key in answers}
        fill(released, partial, folder / "visible-only" / assignment / source.name)
        if assignment == LOOPING_ASSIGNMENT:
            looping = {**answers, "status-family": INFINITE_LOOP}
            fill(released, looping, folder / "looper" / assignment / source.name)


def _grade(folder: Path) -> Summary:
    course = Course(
        workdir=folder / "work", cell_timeout=CELL_TIMEOUT, sandbox=sandbox_problem() is None
    )
    cycle.release(course)
    _build_submissions(course, folder / "submissions")
    start = time.perf_counter()
    report = cycle.grade(course, folder / "submissions")
    assert report.grades_csv is not None
    return {
        "workdir": str(course.workdir),
        "sandbox": course.sandbox,
        "released": report.released,
        "graded": report.graded,
        "grades_csv": str(report.grades_csv),
        "seconds": time.perf_counter() - start,
    }


@pytest.fixture(scope="session")
def graded(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> GradedCourse:
    summary = grade_once(tmp_path_factory, worker_id, "notebook-course", _grade)
    course = Course(
        workdir=Path(summary["workdir"]), cell_timeout=CELL_TIMEOUT, sandbox=summary["sandbox"]
    )
    grades_csv = Path(summary["grades_csv"])
    report = cycle.CycleReport(
        released=summary["released"],
        graded=[(student, assignment) for student, assignment in summary["graded"]],
        grades_csv=grades_csv,
    )
    with grades_csv.open(newline="") as file:
        rows = list(csv.DictReader(file))
    scores = {(row["student_id"], row["assignment"]): float(row["score"]) for row in rows}
    max_scores = {row["assignment"]: float(row["max_score"]) for row in rows}
    return GradedCourse(course, report, scores, max_scores, summary["seconds"])
