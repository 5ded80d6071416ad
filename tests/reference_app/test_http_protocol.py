"""Slow and malformed clients, over raw sockets, against a real server this module starts.

The server runs with one-second head and body timeouts so the tests are quick; each test
waits for the server's answer (or its closing the connection), never for a fixed time.
"""

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from loadtests.serve import Server, reference_server
from reference_app.head_size import MAX_HEAD_BYTES

pytestmark = pytest.mark.slow
WAIT = 30.0  # the most a test waits for an answer before failing; answers come in ~1 s


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    timeouts = {"HEAD_TIMEOUT_SECONDS": "1", "BODY_TIMEOUT_SECONDS": "1"}
    with reference_server(seed=False, settings=timeouts) as server:
        yield server


def _connect(server: Server) -> socket.socket:
    address = urlsplit(server.url)
    sock = socket.create_connection((address.hostname or "", address.port or 80), timeout=WAIT)
    return sock


def _read_all(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _status_and_errors(answer: bytes) -> tuple[int, dict[str, list[str]]]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    return status, json.loads(body)["errors"]


def test_a_silent_connection_is_closed(server: Server) -> None:
    with _connect(server) as sock:
        assert _read_all(sock) == b"", "nothing was asked, so nothing is answered"


def test_headers_sent_a_byte_at_a_time_get_408_and_the_connection_closes(server: Server) -> None:
    closed = threading.Event()
    with _connect(server) as sock:

        def trickle() -> None:
            try:
                sock.sendall(b"GET /api/tags HTTP/1.1\r\nHost: x\r\n")
                while not closed.wait(0.2):
                    sock.sendall(b"X")
            except OSError:
                pass  # the server closed the connection: what this test waits for

        sender = threading.Thread(target=trickle, daemon=True)
        sender.start()
        answer = _read_all(sock)
        closed.set()
        sender.join()
    status, errors = _status_and_errors(answer)
    assert status == 408, answer
    assert list(errors) == ["request"]


def test_a_body_that_does_not_arrive_gets_408_and_the_connection_closes(server: Server) -> None:
    with _connect(server) as sock:
        sock.sendall(
            b"POST /api/users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100\r\n\r\n{"
        )
        answer = _read_all(sock)
    status, errors = _status_and_errors(answer)
    assert status == 408, answer
    assert list(errors) == ["body"]


@pytest.mark.parametrize(
    ("request_bytes", "status"),
    [
        pytest.param(
            b"GET /api/tags?" + b"a" * 64 * 1024 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
            431,
            id="long-url",
        ),
        pytest.param(
            b"GET /api/tags HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 1024 * 1024 + b"\r\n\r\n",
            431,
            id="huge-header",
        ),
        pytest.param(
            b"POST /api/users HTTP/1.1\r\nHost: x\r\nContent-Length: ten\r\n\r\n",
            400,
            id="bad-content-length",
        ),
        pytest.param(b"GET /api/tags HTTP/1.1\r\nNo colon here\r\n\r\n", 400, id="bad-header-line"),
    ],
)
def test_protocol_rejects_answer_in_the_json_envelope(
    server: Server, request_bytes: bytes, status: int
) -> None:
    with _connect(server) as sock:
        # The server may answer and close before the whole request is sent.
        with contextlib.suppress(OSError):
            sock.sendall(request_bytes)
        answer = _read_all(sock)
    got, errors = _status_and_errors(answer)
    assert got == status, answer[:300]
    assert list(errors) == ["request"]
    assert len(answer) < MAX_HEAD_BYTES


def test_an_unknown_method_answers_405_in_the_envelope(server: Server) -> None:
    response = httpx.request("BREW", f"{server.url}/api/tags", timeout=WAIT)
    assert response.status_code == 405, response.text
    assert set(response.json()) == {"errors"}


def test_other_clients_are_served_while_one_is_slow(server: Server) -> None:
    with _connect(server) as slow:
        slow.sendall(b"GET /api/tags HTTP/1.1\r\nHost: x\r\n")
        response = httpx.get(f"{server.url}/api/tags", timeout=WAIT)
        assert response.status_code == 200, response.text
