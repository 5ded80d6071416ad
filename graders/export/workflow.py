"""A lab's GitHub Classroom workflow: run the public checks once, then score each of them.

Each check is one `autograding-command-grader` step worth its points, whose command passes only
when that check passed: Classroom adds up the steps that passed, so partial work earns points.
"""

import re
import shlex
from collections.abc import Sequence
from typing import Any

import yaml  # type: ignore[import-untyped]  # PyYAML (a Litestar dependency) ships no types

from graders.export.bundle import ExportError
from graders.export.source import pinned
from labs.engine.catalog import Lab
from labs.engine.results import CheckResult

RESULT = "lab-result.json"
RUN_ID = "run-checks"  # check ids are Python names, without hyphens: no grader step can clash
COMMAND_GRADER = "classroom-resources/autograding-command-grader@v1"
REPORTER = "classroom-resources/autograding-grading-reporter@v1"
GRADER_MINUTES = 5  # the action's timeout unit; reading one verdict takes well under a second
CHECKS_MINUTES = 10
STEP_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
HEADER = """\
# Written by `course export {lab} --to github-classroom`: export again rather than editing it.
# Runs lab {lab}'s public checks once, then scores each check as one test worth its points.
"""


def grader_step(lab: Lab, check: CheckResult) -> dict[str, Any]:
    """The step that earns `check`'s points when it passed."""
    if not STEP_ID.fullmatch(check.id):
        raise ExportError(f"the check id {check.id!r} cannot name a workflow step")
    return {
        "name": check.title,
        "id": check.id,
        "uses": COMMAND_GRADER,
        "with": {
            "test-name": check.title,
            "setup-command": "",
            "command": f"course passed {RESULT} {lab.number}:{check.id}",
            "timeout": GRADER_MINUTES,
            "max-score": check.points,
        },
    }


def workflow(lab: Lab, checks: Sequence[CheckResult], install: str) -> dict[str, Any]:
    """The workflow as data; `install` is what `pip install` is given for the course's tools."""
    requirements = [*shlex.split(install), pinned("pytest")]  # `course check` runs pytest
    steps = [
        {"name": "Check out the code", "uses": "actions/checkout@v4"},
        {
            "name": "Set up Python",
            "uses": "actions/setup-python@v5",
            "with": {"python-version": "3.11"},
        },
        {"name": "Install the course's tools", "run": f"pip install {shlex.join(requirements)}"},
        {
            "name": f"Run the public checks of lab {lab.number}",
            "id": RUN_ID,
            # Failed checks are scored by the steps below: this step itself must not fail.
            "run": f"course check {lab.number} --workspace workspace --json {RESULT} || true",
            "timeout-minutes": CHECKS_MINUTES,
        },
        *(grader_step(lab, check) for check in checks),
        {
            "name": "Autograding Reporter",
            "uses": REPORTER,
            "env": {
                f"{check.id.upper()}_RESULTS": f"${{{{steps.{check.id}.outputs.result}}}}"
                for check in checks
            },
            "with": {"runners": ",".join(check.id for check in checks)},
        },
    ]
    return {
        "name": f"Autograding: lab {lab.number}",
        "on": ["push", "workflow_dispatch", "repository_dispatch"],
        "permissions": {"checks": "write", "actions": "read", "contents": "read"},
        "jobs": {
            "run-autograding-tests": {
                "runs-on": "ubuntu-latest",
                "if": "github.actor != 'github-classroom[bot]'",
                "steps": steps,
            }
        },
    }


def render(lab: Lab, data: dict[str, Any]) -> str:
    """The workflow file's text."""
    body: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return HEADER.format(lab=lab.number) + body
