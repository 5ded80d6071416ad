"""A request line and headers larger than 16 KiB are refused with 431, however fast they came.

The server (h11) refuses a head that grows past the limit while it is still arriving; a head
that arrives whole in one read is parsed anyway, so the app measures it once more here.
"""

from litestar.enums import ScopeType
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Receive,
    Scope,
    Send,
)

from reference_app.http_protocol import MAX_HEAD_BYTES, error_answer_body


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
