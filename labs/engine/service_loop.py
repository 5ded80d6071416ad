"""The serving loop of every lab's checks service, run in the grader's sandbox.

A lab's `checks/service.py` says what its service does (its `Service` class); this loop serves
it: one JSON line per connection on the socket it is handed, naming an operation and its
arguments, answered with one JSON line, `{"ok": result}` or `{"error": "Type: message"}`.
The grader copies both files beside the learner's package (`graders/labs/checks_service.py`)
and runs this one:

    python -I service_loop.py <package folder> <listening fd> <database folder>

It uses the standard library only: in the sandbox nothing of the course is importable.
"""

import json
import socket
import sys
from pathlib import Path
from typing import Any

SERVICE_MODULE = "_checks_service"  # the lab's service.py, as the grader names it in the sandbox
MAX_LINE = 4 * 1024 * 1024  # bytes of one command


def answer(service: Any, line: bytes) -> dict[str, Any]:
    """The answer to one command: its result, or the error it raised."""
    try:
        command = json.loads(line)
        operation = getattr(service, command.pop("op"))
        return {"ok": operation(**command)}
    except Exception as error:  # the learner's code raised: said to the checks, which judge
        return {"error": f"{type(error).__name__}: {error}"}


def serve(listener: socket.socket, service: Any) -> None:
    while True:
        connection, _ = listener.accept()
        with connection, connection.makefile("rb") as reader:
            line = reader.readline(MAX_LINE)
            # default=str: a value JSON has no form for (a date, a path) goes as its text.
            reply = json.dumps(answer(service, line), default=str).encode() + b"\n"
            connection.sendall(reply)


if __name__ == "__main__":
    sys.path.insert(0, sys.argv[1])
    service_class = __import__(SERVICE_MODULE).Service
    serve(socket.socket(fileno=int(sys.argv[2])), service_class(Path(sys.argv[3])))
