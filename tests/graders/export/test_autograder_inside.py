"""The Gradescope autograder runs the checks that look inside the app: plain text loses.

Lab 02's read the stored password hash; lab 06's also build the app with keys of their own.
"""

import shutil
import sys
from pathlib import Path

import pytest

from graders.export.gradescope import export_gradescope
from graders.sandbox import sandbox_problem
from labs.engine.catalog import get_lab
from labs.engine.mistakes import apply_mistake, load_mistake
from labs.engine.runner import run_checks
from labs.engine.workspace import create, reference_sources
from tests.graders.export.test_autograder import run_autograder, unzip
from tests.graders.redteam.cheat_batch import CHEATS, load_cheat

LAB = get_lab("02")


@pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}")
def test_plain_text_passwords_lose_the_inside_checks_points(tmp_path: Path) -> None:
    root = tmp_path / "autograder"
    unzip(export_gradescope(LAB, tmp_path / "export"), root / "source")
    (root / "results").mkdir()
    (root / "venv").symlink_to(sys.prefix)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    mistake = load_mistake(LAB, LAB.instructor_dir / "mistakes" / "plaintext_password.toml")
    sources = apply_mistake(reference_sources(), mistake)
    create(root / "submission", sources, [LAB.number])
    engine = run_checks([LAB], workspace=create(tmp_path / "engine", sources, []).root, hidden=True)
    naming = {f"{c.lab}:{c.id}" for c in engine.checks if mistake.name in c.catches}

    result = run_autograder(root)
    tests = {t["number"]: t for t in result["tests"]}
    failed = {number for number, t in tests.items() if t["status"] == "failed"}
    lost = sum(tests[number]["max_score"] for number in failed)
    assert any(c.inside for c in engine.checks if mistake.name in c.catches)
    assert failed == naming
    # No check left out as "n/a": graded out of the points of every check, as in-process.
    assert sum(t["max_score"] for t in tests.values()) == engine.possible(LAB.number)
    assert result["score"] == engine.possible(LAB.number) - lost == engine.score(LAB.number)


@pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}")
def test_lab_06s_keyed_checks_count_and_plain_text_emails_lose(tmp_path: Path) -> None:
    """Lab 06's checks that need keys of their own run beside the app (its checks service):
    the autograder grades a plain-text cheat as `course check` does, out of every point."""
    lab = get_lab("06")
    root = tmp_path / "autograder"
    unzip(export_gradescope(lab, tmp_path / "export"), root / "source")
    (root / "results").mkdir()
    (root / "venv").symlink_to(sys.prefix)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    sources = load_cheat(lab, CHEATS / "lab06" / "plaintext_personal_data.toml").sources
    create(root / "submission", sources, [lab.number])
    engine = run_checks([lab], workspace=create(tmp_path / "engine", sources, []).root, hidden=True)
    # The oracle's verdict may differ at the autograder's fresh seed: compared apart.
    oracle = {f"{c.lab}:{c.id}" for c in engine.checks if c.id.endswith("behaves_like_reference")}
    engine_failed = {f"{c.lab}:{c.id}" for c in engine.checks if c.status == "failed"}

    result = run_autograder(root)
    tests = {t["number"]: t for t in result["tests"]}
    failed = {number for number, t in tests.items() if t["status"] == "failed"}
    assert len(failed - oracle) >= 6
    assert failed - oracle == engine_failed - oracle
    assert sum(t["max_score"] for t in tests.values()) == engine.possible(lab.number)
    assert engine.possible(lab.number) == lab.points + lab.hidden_points
