"""What a lab's checks service does for the checks when grading, asked over its socket.

Some checks build the workspace's app again with settings of their own (lab 06's key rings,
lab 07's limits and clock) or call its functions directly. `course check` does that in the
checks' process. When grading, the learner's code runs only in the grader's sandbox, so the
grader serves the lab's `checks/service.py` there (`graders/labs/checks_service.py`) and hands
the checks its socket: each command is one JSON line, answered by one JSON line, read bounded.
What it answers is the learner's code's answer: the checks judge it.
"""

import base64
import json
import os
import socket
from typing import Any

import httpx

from labs.engine.inside import SERVICE_DATABASE_ENV, SERVICE_ENV, Inside

SERVICE_SECONDS = 60.0  # for one answer (a request, a batch, a rotation)
MAX_ANSWER = 4 * 1024 * 1024  # bytes of one answer: the rest is never read


class ServiceError(Exception):
    """The service did not answer, or the learner's code raised there."""


def served() -> tuple[str, Inside] | None:
    """The service's socket and its database (read as `Inside` reads), when the grader serves
    one to these checks; None otherwise."""
    path, database = os.environ.get(SERVICE_ENV), os.environ.get(SERVICE_DATABASE_ENV)
    if not path or not database:
        return None
    return path, Inside(database, "", "", "")


def call(path: str, operation: str, **arguments: object) -> Any:
    """One command to the service at `path`, and its answer."""
    command = json.dumps({"op": operation, **arguments}).encode() + b"\n"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.settimeout(SERVICE_SECONDS)
        try:
            connection.connect(path)
            connection.sendall(command)
            with connection.makefile("rb") as reader:
                line = reader.readline(MAX_ANSWER)
        except OSError as error:
            raise ServiceError(f"{operation}: no answer ({error})") from error
    try:
        answer = json.loads(line)
    except ValueError:
        raise ServiceError(f"{operation}: an answer that is not JSON: {line[:200]!r}") from None
    if not isinstance(answer, dict) or "ok" not in answer:
        said = answer.get("error", answer) if isinstance(answer, dict) else answer
        raise ServiceError(f"{operation}: {str(said)[:2000]}")
    return answer["ok"]


class ServiceTransport(httpx.BaseTransport):
    """HTTP requests to the app the service started, through the service."""

    def __init__(self, path: str) -> None:
        self.path = path

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            answer = call(
                self.path,
                "request",
                method=request.method,
                url=str(request.url),
                headers=[[name, value] for name, value in request.headers.multi_items()],
                body=base64.b64encode(request.read()).decode(),
            )
            return httpx.Response(
                answer["status"],
                headers=[tuple(pair) for pair in answer["headers"]],
                content=base64.b64decode(answer["body"]),
                request=request,
            )
        except (ServiceError, KeyError, TypeError, ValueError) as error:
            raise httpx.ReadError(str(error), request=request) from error
