"""A request line and headers larger than 16 KiB are refused with 431, however fast they came.

The server (h11) refuses a head that grows past the limit while it is still arriving; a head
that arrives whole in one read is parsed anyway, so the app measures it once more here.
The limit lives here, on the app's side, and the server's protocol (`http_protocol`) reads it:
the app, which runs in-process in the checks too, never imports the server.
"""

import json

from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Receive,
    Scope,
    Send,
)

MAX_HEAD_BYTES = 16 * 1024


def error_answer_body(message: str) -> bytes:
    """A reject's body, in the API's error envelope."""
    return json.dumps({"errors": {"request": [message]}}).encode()


def head_size(scope: Scope) -> int:
    """The bytes of the request target and headers, as the client sent them (near enough)."""
    headers = sum(len(name) + len(value) + 4 for name, value in scope["headers"])
    return len(scope.get("raw_path") or b"") + len(scope["query_string"]) + headers


def head_size_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP or head_size(scope) <= MAX_HEAD_BYTES:
            await app(scope, receive, send)
            return
        body = error_answer_body(
            f"head (request line and headers) is larger than {MAX_HEAD_BYTES} bytes"
        )
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": 431,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
        await send(start)
        end: HTTPResponseBodyEvent = {
            "type": "http.response.body",
            "body": body,
            "more_body": False,
        }
        await send(end)

    return middleware
