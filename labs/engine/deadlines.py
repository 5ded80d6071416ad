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
import threading
from typing import Any

import anyio
import httpx
from litestar.enums import ScopeType
from litestar.testing import TestClient
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


class BoundedClient(TestClient[Any]):
    """A test client that waits at most `seconds` (and a grace) for each answer."""

    def __init__(
        self,
        app: Any,
        *,
        seconds: float = REQUEST_SECONDS,
        grace: float = GRACE_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(app=within(app, seconds), **kwargs)
        self.seconds = seconds
        self.grace = grace
        self.stuck = False

    def request(self, method: str, url: Any, **kwargs: Any) -> httpx.Response:
        if self.stuck:
            raise httpx.ReadTimeout(
                f"the app is still stuck on an earlier request ({method} {url})"
            )
        outcome: dict[str, Any] = {}

        def ask() -> None:
            try:
                outcome["response"] = TestClient.request(self, method, url, **kwargs)
            except BaseException as error:  # handed to the caller's thread
                outcome["error"] = error

        worker = threading.Thread(target=ask, name="in-process-request", daemon=True)
        worker.start()
        worker.join(self.seconds + self.grace)
        if worker.is_alive():
            self.stuck = True
            raise httpx.ReadTimeout(too_slow_message(self.seconds + self.grace))
        if "error" in outcome:
            raise outcome["error"]
        response: httpx.Response = outcome["response"]
        return response
