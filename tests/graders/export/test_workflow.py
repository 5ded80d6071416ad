"""The Classroom workflow is the YAML that Classroom's actions read: one scored step per check."""

from typing import Any

import pytest
import yaml

from graders.export import ExportError
from graders.export.workflow import COMMAND_GRADER, REPORTER, RESULT, render, workflow
from labs.engine.results import CheckResult
from tests.graders.export.conftest import LAB

TRICKY = 'GET /health answers {"status": "ok"}: it says so, with \'quotes\' & #signs.'


def _check(id: str, points: int, title: str = "A check.") -> CheckResult:
    return CheckResult(LAB.number, id, title, "task", points, hidden=False, status="passed")


CHECKS = [_check("health_answers_ok", 2, TRICKY), _check("tags_are_listed", 3)]


def _parsed(checks: list[CheckResult] = CHECKS) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(render(LAB, workflow(LAB, checks, "-e git+x")))
    return data


def _steps() -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = _parsed()["jobs"]["run-autograding-tests"]["steps"]
    return steps


def test_it_runs_on_push_with_the_permissions_classroom_needs() -> None:
    data = _parsed()
    assert "push" in data["on"]
    assert data["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    assert data["jobs"]["run-autograding-tests"]["if"] == "github.actor != 'github-classroom[bot]'"


def test_it_installs_the_course_then_runs_the_public_checks_once() -> None:
    checkout, python, install, run, *_ = _steps()
    assert checkout["uses"].startswith("actions/checkout@")
    assert python["with"] == {"python-version": "3.11"}
    assert install["run"].startswith("pip install -e git+x 'pytest>=")
    assert run["run"] == (
        f"course check {LAB.number} --workspace workspace --json {RESULT} || true"
    )


def test_each_check_is_one_command_step_worth_its_points() -> None:
    graders = [s for s in _steps() if s.get("uses") == COMMAND_GRADER]
    assert [s["id"] for s in graders] == ["health_answers_ok", "tags_are_listed"]
    first = graders[0]["with"]
    assert first == {
        "test-name": TRICKY,
        "setup-command": "",
        "command": f"course passed {RESULT} {LAB.number}:health_answers_ok",
        "timeout": 5,
        "max-score": 2,
    }


def test_the_reporter_reads_every_step_by_its_id() -> None:
    reporter = _steps()[-1]
    assert reporter["uses"] == REPORTER
    assert reporter["with"]["runners"] == "health_answers_ok,tags_are_listed"
    assert reporter["env"] == {
        "HEALTH_ANSWERS_OK_RESULTS": "${{steps.health_answers_ok.outputs.result}}",
        "TAGS_ARE_LISTED_RESULTS": "${{steps.tags_are_listed.outputs.result}}",
    }


def test_a_check_id_that_cannot_name_a_step_is_refused() -> None:
    with pytest.raises(ExportError, match="cannot name a workflow step"):
        _parsed([_check("health-ok", 1)])
