"""A request's body must arrive in time (30 seconds by default), or the server stops waiting.

A client that sends its headers and then its body a byte at a time (the "slow body" attack)
would otherwise hold a connection, a task and, once the handler runs, a database session for
as long as it likes. The clock starts when the headers are complete (the server bounds how
long those may take, see `http_protocol`). In 30 seconds a 10 MB body, the largest accepted,
still gets through at 340 KB/s; a slower client gets a 408 and the connection is closed.
"""

import anyio
from litestar.enums import ScopeType
from litestar.exceptions import HTTPException
from litestar.status_codes import HTTP_408_REQUEST_TIMEOUT
from litestar.types import ASGIApp, Receive, ReceiveMessage, Scope, Send


def body_too_slow(seconds: float) -> HTTPException:
    message = f"did not arrive within {seconds:g} seconds"
    return HTTPException(
        status_code=HTTP_408_REQUEST_TIMEOUT,
        detail=f"body {message}",
        extra={"body": [message]},
        # The rest of the body may still come: the connection cannot carry another request.
        headers={"Connection": "close"},
    )


def body_deadline_middleware(app: ASGIApp, seconds: float = 30.0) -> ASGIApp:
    """Refuse with 408 a body that is not complete `seconds` after the request's headers."""

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        deadline = anyio.current_time() + seconds
        body_done = False

        async def receive_in_time() -> ReceiveMessage:
            nonlocal body_done
            if body_done:  # later calls wait for a disconnect, which may take any time
                return await receive()
            message: ReceiveMessage | None = None
            with anyio.move_on_after(deadline - anyio.current_time()):
                message = await receive()
            if message is None:
                raise body_too_slow(seconds)
            body_done = message["type"] != "http.request" or not message.get("more_body")
            return message

        await app(scope, receive_in_time, send)

    return middleware
