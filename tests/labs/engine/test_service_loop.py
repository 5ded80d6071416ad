"""The checks services' serving loop: a command in, its result or its error out."""

import json
import socket
import threading
from datetime import date
from pathlib import Path

from labs.engine.service_loop import answer, serve


class Echo:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def echo(self, value: object) -> object:
        return value

    def today(self) -> date:
        return date(2026, 12, 3)

    def fail(self) -> None:
        raise RuntimeError("the learner's code raised")


def test_a_command_answers_its_result() -> None:
    assert answer(Echo(Path()), b'{"op": "echo", "value": [1, "a"]}\n') == {"ok": [1, "a"]}


def test_an_error_is_answered_with_its_type_not_raised() -> None:
    assert answer(Echo(Path()), b'{"op": "fail"}') == {
        "error": "RuntimeError: the learner's code raised"
    }
    assert answer(Echo(Path()), b"not json")["error"].startswith("JSONDecodeError")
    assert answer(Echo(Path()), b'{"op": "nothing_here"}')["error"].startswith("AttributeError")


def test_served_one_line_a_connection(tmp_path: Path) -> None:
    """Values JSON has no form for (a date) go as their text."""
    path = tmp_path / "s"  # a Unix socket path must stay short
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    threading.Thread(target=serve, args=(listener, Echo(tmp_path)), daemon=True).start()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(str(path))
        connection.sendall(b'{"op": "today"}\n')
        reply = connection.makefile("rb").readline()
    assert json.loads(reply) == {"ok": "2026-12-03"}
