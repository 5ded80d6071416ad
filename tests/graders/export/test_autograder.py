"""The autograder in a simulated Gradescope container: reference, starter, mistake, nothing.

Gradescope unzips the bundle into source/, copies run_autograder beside it and runs it with the
learner's files in submission/. Here `venv` points at this test run's environment instead of
being made by setup.sh (which is run by hand: it installs from the network).
"""

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from graders.export import autograder
from graders.sandbox import sandbox_problem
from labs.engine.mistakes import apply_mistake, load_mistake
from labs.engine.runner import run_checks
from labs.engine.starter import make_starter
from labs.engine.workspace import create, reference_sources
from tests.graders.export.conftest import LAB

TOTAL = LAB.points + LAB.hidden_points
needs_sandbox = pytest.mark.skipif(
    sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}"
)


def unzip(archive: Path, folder: Path) -> None:
    """As Gradescope unpacks it, keeping the scripts executable (zipfile alone would not)."""
    with zipfile.ZipFile(archive) as zipped:
        for info in zipped.infolist():
            path = Path(zipped.extract(info, folder))
            if mode := (info.external_attr >> 16) & 0o777:
                path.chmod(mode)


@pytest.fixture
def root(tmp_path: Path, gradescope_zip: Path) -> Path:
    """An AUTOGRADER_ROOT laid out as Gradescope lays out /autograder."""
    root = tmp_path / "autograder"
    unzip(gradescope_zip, root / "source")
    (root / "submission").mkdir()
    (root / "results").mkdir()
    (root / "venv").symlink_to(sys.prefix)
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    return root


def run_autograder(root: Path) -> dict[str, Any]:
    env = {**os.environ, "AUTOGRADER_ROOT": str(root)}
    subprocess.run([root / "run_autograder"], cwd=root, env=env, timeout=300, check=True)
    result: dict[str, Any] = json.loads((root / "results" / "results.json").read_text())
    return result


@needs_sandbox
def test_the_reference_earns_every_point_public_and_hidden(root: Path) -> None:
    create(root / "submission" / "workspace", reference_sources(), [LAB.number])
    result = run_autograder(root)
    assert result["score"] == TOTAL, result["output"]
    assert {t["visibility"] for t in result["tests"]} == {"visible", "after_published"}


@needs_sandbox
def test_the_starter_earns_nothing(root: Path) -> None:
    create(root / "submission", make_starter(reference_sources(), LAB.number, LAB.hints), [])
    result = run_autograder(root)
    assert result["score"] == 0
    assert len(result["tests"]) > 0
    assert all(t["status"] == "failed" for t in result["tests"])


@needs_sandbox
def test_a_mistake_loses_exactly_the_checks_that_name_it(root: Path, tmp_path: Path) -> None:
    mistake = load_mistake(LAB, LAB.instructor_dir / "mistakes" / "health_plain_text.toml")
    sources = apply_mistake(reference_sources(), mistake)
    create(root / "submission" / "lab01" / "workspace", sources, [LAB.number])
    engine = run_checks([LAB], workspace=create(tmp_path / "engine", sources, []).root, hidden=True)
    naming = {f"{c.lab}:{c.id}": c.points for c in engine.checks if mistake.name in c.catches}
    result = run_autograder(root)
    failed = {t["number"] for t in result["tests"] if t["status"] == "failed"}
    assert naming
    assert failed == set(naming)
    assert result["score"] == TOTAL - sum(naming.values())


def test_a_submission_without_conduit_scores_zero_and_says_why(root: Path) -> None:
    (root / "submission" / "notes.txt").write_text("I did it!\n")
    result = run_autograder(root)
    assert result["score"] == 0
    assert "No conduit/ folder" in result["output"]
    assert "notes.txt" in result["output"]


def test_without_a_sandbox_nothing_is_graded_and_the_output_says_why(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    create(root / "submission", reference_sources(), [LAB.number])
    monkeypatch.setattr(autograder, "sandbox_problem", lambda: "bubblewrap is not installed")
    result = autograder.autograde(root)
    assert result["score"] == 0
    assert "could not make the sandbox" in result["output"]
    assert "bubblewrap is not installed" in result["output"]
    assert f"course export {LAB.number} --to gradescope --no-sandbox" in result["output"]


def test_a_broken_environment_still_leaves_a_result(root: Path) -> None:
    (root / "venv").unlink()
    result = run_autograder(root)
    assert result["score"] == 0
    assert "could not start" in result["output"]
