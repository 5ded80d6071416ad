"""The instructor's cycle, headless: release, autograde a folder of submissions, feedback, export.

Submissions come either from a folder laid out as nbgrader collects them,
`<student>/<assignment>/*.ipynb`, or from nbgrader's exchange on this machine, where learners
fetch and submit from JupyterLab's Assignment List and fetch their feedback back.
Each step goes through nbgrader's own Python API, which keeps its state (gradebook.db, release/,
submitted/, autograded/, feedback/) in the course's working directory. Learners' cells run in a
sandboxed kernel (see execute.py and kernel.py), never with the grader's privileges.
"""

import os
import shutil
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

# nbgrader ships no type information.
from nbgrader.api import Gradebook  # type: ignore[import-untyped]
from nbgrader.apps import NbGraderAPI  # type: ignore[import-untyped]
from nbgrader.plugins.export import CsvExportPlugin  # type: ignore[import-untyped]
from sqlalchemy.exc import SAWarning

from graders.notebooks.course import Course
from graders.sandbox import require_sandbox

GRADES_CSV = "grades.csv"


class CycleError(RuntimeError):
    """An nbgrader step failed; the message carries nbgrader's log."""


@dataclass(slots=True)
class CycleReport:
    """What a run of the cycle produced."""

    released: list[str] = field(default_factory=list)
    graded: list[tuple[str, str]] = field(default_factory=list)  # (student, assignment)
    grades_csv: Path | None = None


def _api(course: Course) -> NbGraderAPI:
    course.workdir.mkdir(parents=True, exist_ok=True)
    _put_tools_on_path()
    return NbGraderAPI(config=course.config())


def _check(result: dict[str, object], step: str) -> None:
    if not result.get("success"):
        raise CycleError(f"{step} failed:\n{result.get('error') or ''}\n{result.get('log') or ''}")


def _put_tools_on_path() -> None:
    """nbgrader runs `alembic` by name: find it beside this Python, even with no venv activated."""
    tools = str(Path(sys.executable).parent)
    path = os.environ.get("PATH", "").split(os.pathsep)
    if tools not in path:
        os.environ["PATH"] = os.pathsep.join([tools, *path])


def release(course: Course, api: NbGraderAPI | None = None) -> list[str]:
    """Generate the learners' version of every assignment into `<workdir>/release/`."""
    api = api or _api(course)
    for assignment in course.assignments():
        _check(api.generate_assignment(assignment), f"generate_assignment {assignment}")
    return course.assignments()


def publish(course: Course, api: NbGraderAPI | None = None) -> list[str]:
    """Release every assignment and put it in the exchange, for the Assignment List to offer."""
    api = api or _api(course)
    course.exchange_dir.mkdir(parents=True, exist_ok=True)
    for assignment in release(course, api):
        _check(api.release_assignment(assignment), f"release_assignment {assignment}")
    return course.assignments()


def collect_from_exchange(course: Course, api: NbGraderAPI) -> list[tuple[str, str]]:
    """Collect what learners submitted through the exchange into `submitted/`."""
    found: list[tuple[str, str]] = []
    for assignment in course.assignments():
        _check(api.collect(assignment), f"collect {assignment}")
        found += [(student, assignment) for student in api.get_submitted_students(assignment)]
    return sorted(set(found))


def collect(course: Course, submissions: Path) -> list[tuple[str, str]]:
    """Copy `<student>/<assignment>/` folders into the working directory's `submitted/`."""
    known = set(course.assignments())
    found: list[tuple[str, str]] = []
    for folder in sorted(submissions.glob("*/*/")):
        student, assignment = folder.parent.name, folder.name
        if assignment not in known:
            continue
        target = course.workdir / "submitted" / student / assignment
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(folder, target)
        found.append((student, assignment))
    return found


def grade(course: Course, submissions: Path | None) -> CycleReport:
    """The whole cycle: release, collect, autograde, generate feedback, export grades.csv.

    With `submissions` None, submissions are collected from the exchange, and each learner's
    feedback is put back there for them to fetch. Raises SandboxUnavailable, before anything is
    done, when the course wants learners' kernels sandboxed and no sandbox can be made here.
    """
    if course.sandbox:
        require_sandbox()
    api = _api(course)
    report = CycleReport(released=release(course, api))
    if submissions is None:
        found = collect_from_exchange(course, api)
    else:
        found = collect(course, submissions)
    for student, assignment in found:
        # A submission that times out or crashes still gets graded (0 for what failed);
        # a failure here means nbgrader itself could not grade it.
        with warnings.catch_warnings():
            # nbgrader 0.9 trips SQLAlchemy's autoflush warning on every new submission.
            warnings.simplefilter("ignore", SAWarning)
            result = api.autograde(assignment, student)
        _check(result, f"autograde {student}/{assignment}")
        report.graded.append((student, assignment))
    for assignment in sorted({assignment for _, assignment in report.graded}):
        _check(api.generate_feedback(assignment), f"generate_feedback {assignment}")
    if submissions is None:
        for student, assignment in report.graded:
            result = api.release_feedback(assignment, student)
            _check(result, f"release_feedback {student}/{assignment}")
    report.grades_csv = export(course)
    return report


def export(course: Course) -> Path:
    """Write nbgrader's grades.csv (one row per student and assignment) into the workdir."""
    destination = course.workdir / GRADES_CSV
    with Gradebook(f"sqlite:///{course.workdir / 'gradebook.db'}") as gradebook:
        CsvExportPlugin(to=str(destination)).export(gradebook)
    return destination
