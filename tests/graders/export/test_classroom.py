"""The Classroom template: the release, only public checks, and steps that give the engine's score.

The grader steps' commands run here as the command-grader action runs them: in the repository,
after the workflow's own step has checked the learner's workspace into lab-result.json.
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from graders.export import ExportError, export_classroom
from graders.export import classroom as classroom_module
from graders.export.classroom import WORKFLOW
from graders.export.workflow import COMMAND_GRADER, RESULT, RUN_ID
from labs.engine.mistakes import apply_mistake, load_mistake
from labs.engine.results import load
from labs.engine.starter import Sources
from labs.engine.workspace import create, reference_sources
from tests.graders.export.conftest import LAB

MISTAKE = load_mistake(LAB, LAB.instructor_dir / "mistakes" / "health_plain_text.toml")


def _with_mistake() -> Sources:
    return apply_mistake(reference_sources(), MISTAKE)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_classroom(LAB, tmp_path_factory.mktemp("classroom"), install="-e .")


def _steps(repository: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load((repository / WORKFLOW).read_text())
    steps: list[dict[str, Any]] = data["jobs"]["run-autograding-tests"]["steps"]
    return steps


def _graders(repository: Path) -> list[dict[str, Any]]:
    return [step for step in _steps(repository) if step.get("uses") == COMMAND_GRADER]


def _exit_status(command: str, repository: Path) -> int:
    """A step's command run through a shell, as the runner runs it, with `course` on PATH."""
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        ["bash", "-c", command], cwd=repository, env=env, capture_output=True, timeout=300
    )
    return done.returncode


def test_the_template_holds_the_release_and_no_hidden_check(template: Path) -> None:
    assert (template / "workspace" / "conduit" / "app.py").is_file()
    assert {p.name for p in (template / "checks").glob("test_*.py")} == {
        p.name for p in LAB.checks_dir.glob("test_*.py")
    }
    hidden = [p.read_text() for p in LAB.hidden_dir.glob("*.py")]
    everything = "".join(p.read_text() for p in template.rglob("*.py"))
    assert hidden
    assert not any(text in everything for text in hidden)


def test_its_readme_says_hidden_checks_cannot_be_hidden_there(template: Path) -> None:
    readme = (template / "README.md").read_text()
    assert readme.startswith((LAB.folder / "README.md").read_text())
    assert "hidden checks cannot be kept" in readme


def test_its_steps_are_worth_the_labs_points_and_all_reported(template: Path) -> None:
    ids = [step["id"] for step in _graders(template)]
    assert len(ids) == len(set(ids)) >= 8
    assert sum(step["with"]["max-score"] for step in _graders(template)) == LAB.points
    assert _steps(template)[-1]["with"]["runners"] == ",".join(ids)


@pytest.mark.parametrize(
    ("learner", "sources"), [("reference", reference_sources), ("mistake", _with_mistake)]
)
def test_the_steps_that_pass_add_up_to_the_engines_score(
    template: Path, tmp_path: Path, learner: str, sources: Callable[[], Sources]
) -> None:
    repository = shutil.copytree(template, tmp_path / "repository")
    create(repository / "workspace", sources(), [])  # the learner's code in place of the starter
    run = next(step for step in _steps(repository) if step.get("id") == RUN_ID)
    assert _exit_status(run["run"], repository) == 0
    result = load(repository / RESULT)
    assert {step["id"] for step in _graders(repository)} == {c.id for c in result.checks}
    earned = sum(
        step["with"]["max-score"]
        for step in _graders(repository)
        if _exit_status(step["with"]["command"], repository) == 0
    )
    assert earned == result.score(LAB.number)
    lost = sum(c.points for c in result.checks if MISTAKE.name in c.catches)
    assert earned == (LAB.points if learner == "reference" else LAB.points - lost)
    assert lost > 0


def test_no_template_is_written_when_the_reference_fails_a_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(classroom_module, "reference_sources", _with_mistake)
    with pytest.raises(ExportError, match=r"the reference does not pass these checks: .*health"):
        export_classroom(LAB, tmp_path, install="-e .")
    assert list(tmp_path.iterdir()) == []
