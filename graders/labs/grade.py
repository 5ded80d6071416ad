"""Grade one submission: splice, serve in a sandbox, check over HTTP from the grader's side."""

import contextlib
import dataclasses
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from graders.labs.checks_service import Served, checks_service
from graders.labs.database_folder import ServerDatabase, release_database_folder
from graders.labs.loadtest import LoadTestGrade
from graders.labs.postgres import GradingDatabaseError, learner_database
from graders.labs.server import SERVER_LIMITS, ServerDidNotStart, start_server
from graders.labs.splice import SubmissionError, read_submission, splice
from graders.sandbox import Finished, Limits
from labs.engine.catalog import Lab
from labs.engine.results import CheckResult
from labs.engine.runner import RunError, run_checks
from labs.engine.starter import Sources

# What a signal that ended the app means, for the learner.
SIGNALS = {"SIGXCPU": "its CPU time ran out", "SIGXFSZ": "it wrote too large a file"}
OUTPUT_KEPT = 2000  # characters of the app's output kept from its start, and from its end
SANDBOX_URL = "http://sandbox"  # the app's Host; requests go through its Unix socket


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
    server_output: str = ""  # what the learner's app printed (up to the sandbox's output limit)
    server_events: list[str] = field(default_factory=list)  # how the sandbox stopped it
    seconds: float = 0.0
    sandboxed: bool = True
    uid: int | None = None  # the sandbox's, to audit that nothing of it is left running
    load_test: LoadTestGrade | None = None  # its figures, when the lab's load test was run


def grade_submission(
    lab: Lab,
    folder: Path,
    *,
    time_limit: float = 120,
    limits: Limits = SERVER_LIMITS,
    trusted: bool = False,
    work: Path | None = None,
    database_url: str | None = None,
) -> Grade:
    """The grade of the submission in `folder`; never raises for anything the learner did.

    `time_limit` is the time its checks are given once the app answers: then the app is killed.
    With `database_url` (a PostgreSQL server) the app runs on a database of its own there.
    """
    started = time.monotonic()
    grade = Grade(student=folder.name, lab=lab.number, sandboxed=not trusted)
    grade.max_score = lab.points + lab.hidden_points
    scratch = Path(tempfile.mkdtemp(prefix=f"grade-{lab.number}-", dir=work))
    try:
        chosen = dataclasses.replace(limits, wall_seconds=time_limit)
        _grade_into(grade, lab, folder, scratch, chosen, trusted, database_url)
    except (SubmissionError, ServerDidNotStart, RunError, GradingDatabaseError) as error:
        grade.error = str(error)
    finally:
        release_database_folder(scratch)
        shutil.rmtree(scratch, ignore_errors=True)
        grade.seconds = time.monotonic() - started
    return grade


def _grade_into(
    grade: Grade,
    lab: Lab,
    folder: Path,
    scratch: Path,
    limits: Limits,
    trusted: bool,
    database_url: str | None,
) -> None:
    spliced = splice(lab, read_submission(folder))
    grade.outside_edits = spliced.outside_edits
    with contextlib.ExitStack() as stack:
        database = (
            stack.enter_context(learner_database(database_url, scratch, trusted=trusted))
            if database_url
            else None
        )
        _serve_and_check(grade, lab, scratch, spliced.sources, limits, trusted, database)


def _serve_and_check(
    grade: Grade,
    lab: Lab,
    scratch: Path,
    sources: Sources,
    limits: Limits,
    trusted: bool,
    database: ServerDatabase | None,
) -> None:
    with checks_service(lab, scratch, sources, limits=limits, trusted=trusted) as served:
        if served is not None and served.problem:
            grade.server_events.append(f"the checks' service did not start: {served.problem}")
        _serve_app_and_check(grade, lab, scratch, sources, limits, trusted, database, served)


def _serve_app_and_check(
    grade: Grade,
    lab: Lab,
    scratch: Path,
    sources: Sources,
    limits: Limits,
    trusted: bool,
    database: ServerDatabase | None,
    served: Served | None,
) -> None:
    running, socket, inside = start_server(
        scratch, sources, limits=limits, trusted=trusted, database=database
    )
    if served is not None:  # what labs 06 and 07 do in-process, done in a sandbox of its own
        inside = dataclasses.replace(
            inside, service_socket=served.socket, service_database=served.database
        )
        if served.running is not None:  # its time, like the app's, starts with the checks
            served.running.restart_clock(limits.wall_seconds)
    grade.uid = None if trusted else running.uid
    try:
        # The app is killed at its time limit; the checks then fail fast, and must end.
        result = run_checks(
            [lab],
            url=SANDBOX_URL,
            socket=socket,
            hidden=True,
            timeout=limits.wall_seconds + 60,
            inside=inside,  # the inside checks run: the grader owns the database and the key
            fresh_seed=True,  # the oracle at a seed nobody saw, against the reference itself
        )
    finally:
        ended_early = not running.alive()
        running.stop()
        finished = running.finished()
        grade.server_output = finished.output
        grade.server_events += events(finished, ended_early)
        if served is not None and served.running is not None and not served.running.alive():
            served.running.stop()  # what is left of it, so that its output is complete
            stopped = events(served.running.finished(), ended_early=True)
            grade.server_events += [f"the checks' service: {event}" for event in stopped]
    grade.checks = result.of_lab(lab.number)
    grade.score = result.score(lab.number)
    grade.max_score = result.possible(lab.number)


def head_and_tail(output: str, kept: int = OUTPUT_KEPT) -> str:
    """The start (where start-up errors are) and the end (where the crash is) of an output."""
    if len(output) <= 2 * kept:
        return output
    left_out = len(output) - 2 * kept
    return f"{output[:kept]}\n[... {left_out} characters left out ...]\n{output[-kept:]}"


def events(finished: Finished, ended_early: bool) -> list[str]:
    """What the sandbox did to the app, in words for the learner."""
    found = []
    # Killed by the kernel for its memory (SIGKILL): said once, below.
    killed_for_memory = finished.out_of_memory and finished.signal == "SIGKILL"
    if ended_early and not finished.timed_out and not killed_for_memory:
        how = finished.signal or f"exit code {finished.returncode}"
        how = SIGNALS.get(how, how)
        found.append(f"the app ended during the checks ({how})")
    if finished.timed_out:
        found.append("the app was stopped at the time limit")
    if finished.out_of_memory:
        found.append("the app was stopped for using more memory than allowed")
    if finished.truncated:
        found.append("the app's output was cut: it printed too much")
    return found
