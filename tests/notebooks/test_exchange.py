"""A learner's whole cycle on one machine, through JupyterLab's Assignment List and the exchange.

The learner's JupyterLab is started as `python -m graders.notebooks open` starts it; the test
then calls the Assignment List's own endpoints, as its buttons do: list, submit, fetch feedback.
The instructor collects, autogrades (kernels in the sandbox where one can be made) and releases
the feedback in between.
"""

import contextlib
import getpass
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from graders.notebooks import cycle
from graders.notebooks.course import Course
from graders.notebooks.learner import lab_command
from graders.sandbox import sandbox_problem
from tests.notebooks.conftest import CELL_TIMEOUT
from tests.notebooks.submissions import fill, solutions

ASSIGNMENT = "01-http"
TOKEN = "learner-test-token"  # a throwaway token for a server on loopback


@dataclass(frozen=True)
class Learner:
    course: Course
    url: str
    notebooks: Path

    def call(self, method: str, path: str, **params: str) -> Any:
        headers = {"Authorization": f"token {TOKEN}"}
        reply = httpx.request(
            method, f"{self.url}{path}", params=params, headers=headers, timeout=300
        )
        reply.raise_for_status()
        return reply.json()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    """Wait for the server to answer (or to end, which fails the test with its log)."""
    while server.poll() is None:
        try:
            httpx.get(f"{url}/api/status", headers={"Authorization": f"token {TOKEN}"}, timeout=5)
            return
        except httpx.TransportError:
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(timeout=0.2)
    pytest.fail(f"JupyterLab ended before answering:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def learner(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Learner]:
    course = Course(
        workdir=tmp_path_factory.mktemp("exchange") / "work",
        cell_timeout=CELL_TIMEOUT,
        sandbox=sandbox_problem() is None,
    )
    port = _free_port()
    command, env = lab_command(course, port)
    command += ["--no-browser", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}"]
    log = course.workdir / "jupyterlab.log"
    with log.open("wb") as output:  # a file, not a pipe: a pipe nobody reads would fill up
        server = subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, server, log)
        yield Learner(course, url, course.workdir / "learner")
    finally:
        server.terminate()
        server.wait(timeout=60)


@pytest.mark.slow
def test_the_assignment_list_shows_every_assignment_without_error(learner: Learner) -> None:
    listed = learner.call("GET", "/assignments", course_id=learner.course.course_id)
    assert listed["success"], listed["value"]
    listed_as = {(a["assignment_id"], a["status"]) for a in listed["value"]}
    # Each as fetched (the learner's copy is there), whether or not the other test submitted one.
    assert {(name, "fetched") for name in learner.course.assignments()} <= listed_as
    assert {status for _, status in listed_as} <= {"fetched", "submitted"}


@pytest.mark.slow
def test_a_learner_submits_and_fetches_feedback_with_the_score(learner: Learner) -> None:
    course = learner.course
    source = next(p for p in course.source_notebooks() if p.parent.name == ASSIGNMENT)
    mine = learner.notebooks / ASSIGNMENT / source.name
    fill(mine, solutions(source), mine)  # the learner answers every exercise

    submitted = learner.call(
        "POST", "/assignments/submit", course_id=course.course_id, assignment_id=ASSIGNMENT
    )
    assert submitted["success"], submitted.get("value")

    report = cycle.grade(course, None)  # the instructor: collect, autograde, release feedback
    assert (getpass.getuser(), ASSIGNMENT) in report.graded

    learner.call(
        "POST", "/assignments/fetch_feedback", course_id=course.course_id, assignment_id=ASSIGNMENT
    )
    feedback = list((learner.notebooks / ASSIGNMENT / "feedback").glob("*/*.html"))
    assert [page.name for page in feedback] == [source.with_suffix(".html").name]
    page = feedback[0].read_text()
    assert "Score: 7.0 / 7.0" in page or "7.0 / 7.0" in page
    assert "BEGIN HIDDEN TESTS" not in page
