"""Checks that look inside the app count when grading: plain-text passwords lose their points.

The grader owns the app's database folder and its signing key, and hands both to the checks;
no check is "n/a" and every learner is graded out of the lab's full points.
"""

import csv
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from graders.sandbox import sandbox_problem
from labs.engine.catalog import get_lab
from labs.engine.cli import main
from labs.engine.mistakes import apply_mistake, load_mistake
from labs.engine.workspace import create, reference_sources

LAB = get_lab("02")
FULL = LAB.points + LAB.hidden_points
MISTAKE = load_mistake(LAB, LAB.instructor_dir / "mistakes" / "plaintext_password.toml")
# Sandboxed where a sandbox can be made; elsewhere the same path, with --no-sandbox.
SANDBOX = sandbox_problem() is None


def test_course_grade_takes_the_points_of_plain_text_passwords(tmp_path: Path) -> None:
    submissions = tmp_path / "class"
    create(submissions / "ann", reference_sources(), [LAB.number])
    create(submissions / "bob", apply_mistake(reference_sources(), MISTAKE), [LAB.number])
    out = tmp_path / "out"
    command = ["grade", LAB.number, str(submissions), "--out", str(out), "-j", "2"]
    command.append("--no-load-test")  # the scores here are the checks
    result = CliRunner().invoke(main, command + ([] if SANDBOX else ["--no-sandbox"]))
    assert result.exit_code == 0, result.output

    rows = {row["student_id"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    inside = [each for each in _checks(out) if each["inside"]]
    lost = sum(each["points"] for each in inside if MISTAKE.name in each["catches"])
    assert inside, "lab 02 has checks that look inside the app"
    assert {each["status"] for each in inside} == {"passed"}  # ann's: run, not "n/a"
    assert lost >= 3
    assert (rows["ann"]["score"], rows["ann"]["max_score"]) == (str(FULL), str(FULL))
    assert (rows["bob"]["score"], rows["bob"]["max_score"]) == (str(FULL - lost), str(FULL))


def _checks(out: Path) -> list[dict[str, Any]]:
    found = [p for p in out.rglob("grade.json") if p.parent.name == "ann"]
    assert len(found) == 1, found
    checks: list[dict[str, Any]] = json.loads(found[0].read_text())["checks"]
    return checks
