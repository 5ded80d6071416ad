"""Checks that look inside the app count when grading: plain-text passwords and emails lose
their points.

The grader owns the app's database folder and its signing key, and hands both to the checks;
lab 06's checks that build the app with keys of their own have it done in a sandbox of the
grader's (`graders/labs/checks_service.py`). No check is "n/a" and every learner is graded out
of the lab's full points.
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
from tests.graders.redteam.cheat_batch import CHEATS, load_cheat

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
    inside = [each for each in _checks(out, "ann") if each["inside"]]
    lost = sum(each["points"] for each in inside if MISTAKE.name in each["catches"])
    assert inside, "lab 02 has checks that look inside the app"
    assert {each["status"] for each in inside} == {"passed"}  # ann's: run, not "n/a"
    assert lost >= 3
    assert (rows["ann"]["score"], rows["ann"]["max_score"]) == (str(FULL), str(FULL))
    assert (rows["bob"]["score"], rows["bob"]["max_score"]) == (str(FULL - lost), str(FULL))


def _checks(out: Path, student: str) -> list[dict[str, Any]]:
    found = [p for p in out.rglob("grade.json") if p.parent.name == student]
    assert len(found) == 1, found
    checks: list[dict[str, Any]] = json.loads(found[0].read_text())["checks"]
    return checks


def test_course_grade_runs_lab_06s_keyed_checks_and_takes_the_points_of_plain_text(
    tmp_path: Path,
) -> None:
    """Lab 06's checks that need keys of their own run in the grader's sandbox (its checks
    service): none is "n/a", and emails stored in plain text lose their points."""
    lab = get_lab("06")
    full = lab.points + lab.hidden_points
    cheat = load_cheat(lab, CHEATS / "lab06" / "plaintext_personal_data.toml")
    submissions = tmp_path / "class"
    create(submissions / "ann", reference_sources(), [lab.number])
    create(submissions / "cat", cheat.sources, [lab.number])
    out = tmp_path / "out"
    command = ["grade", lab.number, str(submissions), "--out", str(out), "-j", "2"]
    command.append("--no-load-test")  # the scores here are the checks
    result = CliRunner().invoke(main, command + ([] if SANDBOX else ["--no-sandbox"]))
    assert result.exit_code == 0, result.output

    rows = {row["student_id"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    ann = _checks(out, "ann")
    keyed = [each for each in ann if each["inside"]]
    assert len(keyed) >= 10, "lab 06 has checks that look inside the app or need keys"
    assert {each["status"] for each in ann} == {"passed"}  # every one run, none "n/a"
    assert (rows["ann"]["score"], rows["ann"]["max_score"]) == (str(full), str(full))
    cat = {each["id"]: each for each in _checks(out, "cat")}
    assert "n/a" not in {each["status"] for each in cat.values()}
    sealing = [i for i in cat if i.endswith("no_personal_data_is_stored_in_clear")]
    assert [cat[i]["status"] for i in sealing] == ["failed"]
    assert rows["cat"]["max_score"] == str(full)
    assert int(rows["cat"]["score"]) <= full - 10, rows["cat"]


def test_course_grade_runs_lab_07s_limit_and_clock_checks(tmp_path: Path) -> None:
    """Lab 07's checks that build the app with low limits, trusted proxies and a clock they
    move run in the grader's sandbox too: the reference earns every point, none "n/a"."""
    lab = get_lab("07")
    full = lab.points + lab.hidden_points
    submissions = tmp_path / "class"
    create(submissions / "ann", reference_sources(), [lab.number])
    out = tmp_path / "out"
    command = ["grade", lab.number, str(submissions), "--out", str(out), "--no-load-test"]
    result = CliRunner().invoke(main, command + ([] if SANDBOX else ["--no-sandbox"]))
    assert result.exit_code == 0, result.output

    row = next(csv.DictReader((out / "gradebook.csv").open()))
    ann = _checks(out, "ann")
    assert sum(1 for each in ann if each["inside"]) >= 8
    assert {each["status"] for each in ann} == {"passed"}, [e["id"] for e in ann]
    assert (row["score"], row["max_score"]) == (str(full), str(full))


def test_course_grade_runs_lab_09s_plan_query_migration_and_speed_checks(tmp_path: Path) -> None:
    """Lab 09's checks that read the statements and plans of the app's lists, count its
    queries, migrate a new database and time the lists run in the grader's sandbox (its
    checks service): the reference earns every point, none "n/a"; tags read once per article
    lose the points of the query counts."""
    lab = get_lab("09")
    full = lab.points + lab.hidden_points
    mistake = load_mistake(lab, lab.instructor_dir / "mistakes" / "tags_loaded_per_article.toml")
    submissions = tmp_path / "class"
    create(submissions / "ann", reference_sources(), [lab.number])
    create(submissions / "bob", apply_mistake(reference_sources(), mistake), [lab.number])
    out = tmp_path / "out"
    command = ["grade", lab.number, str(submissions), "--out", str(out), "-j", "2"]
    command.append("--no-load-test")  # the scores here are the checks
    result = CliRunner().invoke(main, command + ([] if SANDBOX else ["--no-sandbox"]))
    assert result.exit_code == 0, result.output

    rows = {row["student_id"]: row for row in csv.DictReader((out / "gradebook.csv").open())}
    ann = _checks(out, "ann")
    assert sum(1 for each in ann if each["inside"]) >= 10
    assert {each["status"] for each in ann} == {"passed"}, [
        (each["id"], each["status"]) for each in ann if each["status"] != "passed"
    ]
    assert (rows["ann"]["score"], rows["ann"]["max_score"]) == (str(full), str(full))
    bob = _checks(out, "bob")
    lost = sum(each["points"] for each in bob if mistake.name in each["catches"])
    assert "n/a" not in {each["status"] for each in bob}
    assert {each["status"] for each in bob if mistake.name in each["catches"]} == {"failed"}
    assert (rows["bob"]["score"], rows["bob"]["max_score"]) == (str(full - lost), str(full))
