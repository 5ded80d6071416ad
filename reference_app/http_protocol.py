"""The HTTP/1.1 server's own limits: how long and how large a request's head may be.

The app is served by uvicorn with its h11 protocol, not httptools (uvicorn's default when
installed): h11 refuses a request head larger than `MAX_HEAD_BYTES`, where httptools reads a
64 MB header to the end while every other request on the worker waits. On top of uvicorn's
h11 protocol this class adds what uvicorn lacks:

- a head timeout: a connection that has not sent a complete request line and headers within
  `HEAD_TIMEOUT_SECONDS` (10 by default) of opening, or of its last answer, gets a 408 and is
  closed. Without it a silent connection, or one sending a header a byte at a time
  (slowloris), would stay forever;
- (with `head_size`, for a head that arrives whole in one read) a size limit that holds;
- rejects in the API's JSON envelope: a malformed request (bad framing, a head too large)
  answers `{"errors": {"request": [...]}}` like the rest of the API, not uvicorn's plain text.

The body has a deadline too, kept by the app (`request_deadline`). Idle keep-alive
connections are closed by uvicorn after `timeout_keep_alive` (see `serving`).
"""

import asyncio
import functools
import sys

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from reference_app.head_size import MAX_HEAD_BYTES, error_answer_body
from reference_app.settings import Settings

LINGER_SECONDS = 2.0
_REASONS = {400: "Bad Request", 408: "Request Timeout", 431: "Request Header Fields Too Large"}


def error_answer(status: int, message: str) -> bytes:
    """A complete HTTP/1.1 answer carrying the API's error envelope, closing the connection."""
    body = error_answer_body(message)
    head = (
        f"HTTP/1.1 {status} {_REASONS[status]}\r\n"
        "content-type: application/json\r\n"
        f"content-length: {len(body)}\r\n"
        "connection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


@functools.cache
def head_timeout() -> float:
    """HEAD_TIMEOUT_SECONDS, read once per worker: uvicorn makes a protocol per connection."""
    return Settings().head_timeout_seconds


class BoundedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a head timeout and JSON rejects."""

    _head_timer: asyncio.TimerHandle | None = None
    _cycle_awaited: object = None
    _discarding = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._expect_head()

    def data_received(self, data: bytes) -> None:
        if self._discarding:
            return
        super().data_received(data)
        if self._head_timer is not None and self.cycle is not self._cycle_awaited:
            self._cancel_head_timer()  # a new request's head is complete: the app has it

    def on_response_complete(self) -> None:
        super().on_response_complete()
        idle = self.cycle is None or self.cycle.response_complete
        if idle and not self.transport.is_closing():
            self._expect_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        # uvicorn calls this from inside its `except h11.RemoteProtocolError`, whose status hint
        # tells a head that is too large (431) from a malformed one (400).
        error = sys.exc_info()[1]
        status = getattr(error, "error_status_hint", 400) if error else 400
        if status == 431:
            message = f"head (request line and headers) is larger than {MAX_HEAD_BYTES} bytes"
        else:
            status, message = 400, f"is not valid HTTP/1.1: {error or msg}"
        self._answer_and_close(error_answer(status, message))

    def _expect_head(self) -> None:
        self._cancel_head_timer()
        self._cycle_awaited = self.cycle
        self._head_timer = self.loop.call_later(head_timeout(), self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.cycle is not self._cycle_awaited or self.transport.is_closing():
            return
        if self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]:
            self.transport.close()  # nothing was sent at all: nobody to answer
            return
        message = f"headers did not arrive within {head_timeout():g} seconds"
        self._answer_and_close(error_answer(408, message))

    def _answer_and_close(self, answer: bytes) -> None:
        """Send the answer, then read and drop what the client still sends, for a moment.

        Closing a socket with unread data in it makes the kernel send a reset, which can
        destroy the answer before the client reads it. So the server half-closes, discards
        the rest of the request, and closes once the client has (or after `LINGER_SECONDS`).
        """
        self._cancel_head_timer()
        self._discarding = True
        self.transport.write(answer)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)
