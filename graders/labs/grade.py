"""Grade one submission: splice, serve in a sandbox, check over HTTP from the grader's side."""

import dataclasses
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from graders.labs.relay import Relay
from graders.labs.server import SERVER_LIMITS, ServerDidNotStart, start_server
from graders.labs.splice import SubmissionError, read_submission, splice
from graders.sandbox import Limits
from labs.engine.catalog import Lab
from labs.engine.results import CheckResult
from labs.engine.runner import RunError, run_checks

OUTPUT_TAIL = 4000


@dataclass
class Grade:
    """One learner's grade for one lab, and how it was reached."""

    student: str
    lab: str
    score: int = 0
    max_score: int = 0
    checks: list[CheckResult] = field(default_factory=list)
    outside_edits: list[str] = field(default_factory=list)
    error: str = ""  # why no check could run, when none could
    server_output: str = ""  # the end of what the learner's app printed
    seconds: float = 0.0
    sandboxed: bool = True
    uid: int | None = None  # the sandbox's, to audit that nothing of it is left running


def grade_submission(
    lab: Lab,
    folder: Path,
    *,
    time_limit: float = 120,
    limits: Limits = SERVER_LIMITS,
    trusted: bool = False,
    work: Path | None = None,
) -> Grade:
    """The grade of the submission in `folder`; never raises for anything the learner did.

    `time_limit` is the time its checks are given once the app answers: then the app is killed.
    """
    started = time.monotonic()
    grade = Grade(student=folder.name, lab=lab.number, sandboxed=not trusted)
    grade.max_score = lab.points + lab.hidden_points
    scratch = Path(tempfile.mkdtemp(prefix=f"grade-{lab.number}-", dir=work))
    try:
        chosen = dataclasses.replace(limits, wall_seconds=time_limit)
        _grade_into(grade, lab, folder, scratch, chosen, trusted)
    except (SubmissionError, ServerDidNotStart, RunError) as error:
        grade.error = str(error)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        grade.seconds = time.monotonic() - started
    return grade


def _grade_into(
    grade: Grade, lab: Lab, folder: Path, scratch: Path, limits: Limits, trusted: bool
) -> None:
    spliced = splice(lab, read_submission(folder))
    grade.outside_edits = spliced.outside_edits
    running, socket = start_server(scratch, spliced.sources, limits=limits, trusted=trusted)
    grade.uid = None if trusted else running.uid
    try:
        with Relay(socket) as relay:
            result = run_checks([lab], url=relay.url, hidden=True)
    finally:
        running.stop()
        grade.server_output = running.finished().output[-OUTPUT_TAIL:]
    grade.checks = result.of_lab(lab.number)
    grade.score = result.score(lab.number)
    grade.max_score = result.possible(lab.number)
