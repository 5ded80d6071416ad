"""An in-process app's answers, bounded in time like a server's by URL.

By URL, the client gives up after `URL_REQUEST_SECONDS`. In-process, the test client would wait
for ever: a handler that awaits what never comes (a lock a failed request left held), or loops,
made a whole `course check` wait for the run's own limit, minutes. Here it waits
`REQUEST_SECONDS` (see `limits`). Here a request that takes
longer is cancelled and answered 504, saying why; an app so stuck that even cancelling does not
reach it (a loop with no `await`) gets `httpx.ReadTimeout`, and so does every request after it,
at once, since the app cannot answer any more.
"""

import json
from io import BytesIO
from typing import Any

import anyio
import httpx
from litestar.enums import ScopeType
from litestar.testing import TestClient
from litestar.testing.client.base import BaseTestClient
from litestar.testing.transport import SendReceiveContext, TestClientTransport
from litestar.types import (
    ASGIApp,
    HTTPResponseBodyEvent,
    HTTPResponseStartEvent,
    Message,
    Receive,
    Scope,
    Send,
)

from labs.engine.limits import REQUEST_SECONDS

# How much longer than the request's own limit a stuck app is waited for, to cancel it.
GRACE_SECONDS = 5.0


def too_slow_message(seconds: float) -> str:
    return f"no answer within {seconds:g} s: the checks stopped waiting"


def within(app: ASGIApp, seconds: float = REQUEST_SECONDS) -> ASGIApp:
    """`app`, with each HTTP request cancelled and answered 504 after `seconds`."""

    async def bounded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        with anyio.move_on_after(seconds) as deadline:
            await app(scope, receive, watched)
        if deadline.cancelled_caught and not started:
            body = json.dumps({"errors": {"answer": [too_slow_message(seconds)]}}).encode()
            headers = [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(body)),
            ]
            start: HTTPResponseStartEvent = {
                "type": "http.response.start", "status": 504, "headers": headers
            }  # fmt: skip
            end: HTTPResponseBodyEvent = {
                "type": "http.response.body",
                "body": body,
                "more_body": False,
            }
            await send(start)
            await send(end)

    return bounded


class BoundedTransport(TestClientTransport[Any], httpx.BaseTransport):
    """Each request handed to the app's event loop in one step, and waited for at most so long.

    Litestar's transport crosses into the loop's thread twice per request (an event, then the
    app); here the whole exchange is one task, and the caller's own thread waits for it with a
    limit, so no thread is started per request. Websockets go through Litestar's transport.
    """

    def __init__(self, client: "BoundedClient", *, raise_server_exceptions: bool) -> None:
        super().__init__(client, raise_server_exceptions=raise_server_exceptions)
        self.bounded = client

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        client = self.bounded
        if client.stuck:
            raise httpx.ReadTimeout(
                f"the app is still stuck on an earlier request ({request.method} {request.url})"
            )
        scope = self.parse_request(request)
        if scope["type"] != ScopeType.HTTP:
            return super().handle_request(request)
        extensions: dict[str, dict[object, object]] = {"http.response.template": {}}
        scope.update(method=request.method, http_version="1.1", extensions=extensions)

        async def exchange() -> SendReceiveContext:
            context: SendReceiveContext = {
                "response_complete": anyio.Event(),
                "request_complete": False,
                "raw_kwargs": {"stream": BytesIO()},
                "response_started": False,
                "template": None,
                "context": None,
            }
            receive = self.create_receive(request, context)
            await client.app(scope, receive, self.create_send(request, context))
            return context

        with client.portal() as portal:
            answer = portal.start_task_soon(exchange)
            try:
                context = answer.result(client.seconds + client.grace)
            except TimeoutError:
                client.stuck = True
                raise httpx.ReadTimeout(too_slow_message(client.seconds + client.grace)) from None
            except Exception:
                if self.raise_server_exceptions:
                    raise
                return _server_error(request)
        if not context["response_started"]:
            return _server_error(request)
        stream = httpx.ByteStream(context["raw_kwargs"].pop("stream").getvalue())
        return httpx.Response(**context["raw_kwargs"], stream=stream, request=request)


def _server_error(request: httpx.Request) -> httpx.Response:
    return httpx.Response(500, headers=[], stream=httpx.ByteStream(b""), request=request)


class BoundedClient(TestClient[Any]):
    """A test client that waits at most `seconds` (and a grace) for each answer."""

    def __init__(
        self,
        app: Any,
        *,
        seconds: float = REQUEST_SECONDS,
        grace: float = GRACE_SECONDS,
        raise_server_exceptions: bool = True,
        base_url: str = "http://testserver.local",
    ) -> None:
        # TestClient.__init__, with this module's transport in place of Litestar's.
        BaseTestClient.__init__(self, app=within(app, seconds), base_url=base_url)
        httpx.Client.__init__(
            self,
            base_url=base_url,
            headers={"user-agent": "testclient"},
            follow_redirects=True,
            transport=BoundedTransport(self, raise_server_exceptions=raise_server_exceptions),
        )
        self.seconds = seconds
        self.grace = grace
        self.stuck = False
