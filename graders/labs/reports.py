"""A grade in the formats graders read: our own JSON, Gradescope's and Exercism's (v3)."""

import csv
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from graders.labs.grade import Grade, head_and_tail
from graders.labs.loadtest import LoadTestGrade
from graders.spreadsheet import safe_cell
from labs.engine.results import CheckResult

GRADEBOOK_COLUMNS = ("student_id", "assignment", "score", "max_score", "not_graded_because")
LEARNERS = "learners"  # each learner's results, apart from the class's files (gradebook.csv...)


def learner_folder(out: Path, student: str) -> Path:
    """Where one learner's results go: named as they named their folder, whatever that is."""
    return out / LEARNERS / student


def read_grade(path: Path) -> Grade:
    """A grade from its `grade.json` (the app's output as far as that file kept it)."""
    data: dict[str, Any] = json.loads(path.read_text())
    checks = [CheckResult(**check) for check in data.pop("checks")]
    load_test = data.pop("load_test", None)
    return Grade(**data, checks=checks, load_test=LoadTestGrade(**load_test) if load_test else None)


def native(grade: Grade) -> dict[str, Any]:
    """Our own JSON: the app's output cut to its start and end (all of it is in server.log)."""
    return {**asdict(grade), "server_output": head_and_tail(grade.server_output)}


def _general_output(grade: Grade) -> str:
    lines = [f"Lab {grade.lab}: {grade.score}/{grade.max_score}"]
    if grade.error:
        lines.append(f"Your app could not be checked: {grade.error}")
    lines += [f"Note: {event}." for event in grade.server_events]
    if grade.outside_edits:
        lines.append(
            "Changes outside the lab's marked regions were not used: "
            + ", ".join(grade.outside_edits)
        )
    return "\n".join(lines)


def gradescope(grade: Grade) -> dict[str, Any]:
    """Gradescope's results.json: hidden checks are shown only after grades are published."""
    tests = [
        {
            "name": check.title,
            "number": f"{check.lab}:{check.id}",
            "score": check.earned,
            "max_score": check.points,
            "status": "passed" if check.status == "passed" else "failed",
            "output": check.message or check.hint,
            "visibility": "after_published" if check.hidden else "visible",
        }
        for check in grade.checks
        if check.status != "n/a"
    ]
    return {
        "score": grade.score,
        "output": _general_output(grade),
        "tests": tests,
        "stdout_visibility": "hidden",
    }


def exercism(grade: Grade) -> dict[str, Any]:
    """Exercism's test runner results, version 3."""
    if grade.error:
        return {"version": 3, "status": "error", "message": _general_output(grade), "tests": []}
    tests = [
        {
            "name": check.title,
            "status": {"passed": "pass", "failed": "fail"}.get(check.status, "error"),
            "message": check.message or None,
            "test_code": f"{check.lab}:{check.id}",
            "task_id": None,
        }
        for check in grade.checks
        if check.status != "n/a"
    ]
    passed = all(test["status"] == "pass" for test in tests) and bool(tests)
    return {"version": 3, "status": "pass" if passed else "fail", "tests": tests}


def write_grade(grade: Grade, out: Path) -> Path:
    """One learner's three result files and their app's output, in `out/learners/<student>/`."""
    folder = learner_folder(out, grade.student)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in [
        ("grade.json", native(grade)),
        ("gradescope/results.json", gradescope(grade)),
        ("exercism/results.json", exercism(grade)),
    ]:
        path = folder / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(data, indent=2) + "\n")
    (folder / "server.log").write_text(grade.server_output)
    return folder


def write_gradebook(grades: Sequence[Grade], path: Path) -> Path:
    """The class's gradebook, one row per learner, as the notebook grader also writes it.

    A learner who could not be graded has a row too, scored 0, with the reason; every cell is
    safe to open in a spreadsheet.
    """
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(GRADEBOOK_COLUMNS)
        for grade in sorted(grades, key=lambda g: g.student):
            reason = grade.error.strip().splitlines()[0] if grade.error.strip() else ""
            row = [grade.student, f"lab{grade.lab}", grade.score, grade.max_score, reason]
            writer.writerow([safe_cell(cell) for cell in row])
    return path
