"""A request that lost a deadlock is run again, a few times, before the client hears of it.

PostgreSQL and MariaDB break a deadlock by failing one of the transactions in it, and
PostgreSQL may refuse a transaction it cannot serialize. Neither says anything about the
request: the same request, run again a moment later, succeeds. So the exception handler marks
the request (`mark_for_retry`), this middleware drops that answer before it is sent, and runs
the whole request again on a fresh session, with the body it has kept. After `ATTEMPTS` the
client gets the 503 with `Retry-After`.
"""

import random
from typing import Any

import anyio
from litestar.enums import ScopeType
from litestar.types import ASGIApp, Message, Receive, ReceiveMessage, Scope, Send

from reference_app.database import SAFE_METHODS

ATTEMPTS = 4
BACKOFF_SECONDS = 0.02  # times the attempt number, with jitter, so the losers do not meet again
_FLAG = "reference_app.retry"


def mark_for_retry(scope: Scope) -> None:
    """Ask `retry_middleware` to run this request again instead of sending its answer."""
    scope.setdefault("state", {})[_FLAG] = True


class _Replay:
    """A `receive` that records what the client sent, and gives it again after `rewind()`."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._recorded: list[ReceiveMessage] = []
        self._position = 0

    def rewind(self) -> None:
        self._position = 0

    async def __call__(self) -> ReceiveMessage:
        if self._position < len(self._recorded):
            message = self._recorded[self._position]
        else:
            message = await self._receive()
            self._recorded.append(message)
        self._position += 1
        return message


def retry_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        # Reads take no locks that could deadlock (see database.py): nothing to run again.
        if scope["type"] != ScopeType.HTTP or scope["method"] in SAFE_METHODS:
            await app(scope, receive, send)
            return
        replay = _Replay(receive)
        for attempt in range(1, ATTEMPTS + 1):
            replay.rewind()
            if await _sent(app, scope, replay, send, may_retry=attempt < ATTEMPTS):
                return
            await anyio.sleep(random.uniform(0, BACKOFF_SECONDS * attempt))  # noqa: S311 - jitter

    return middleware


async def _sent(
    app: ASGIApp, scope: Scope, replay: _Replay, send: Send, *, may_retry: bool
) -> bool:
    """Run the request once; False when its answer was dropped to run it again."""
    # A fresh copy each time: Litestar keeps what it has read of a request in its state.
    state: dict[str, Any] = dict(scope.get("state") or {})
    attempt_scope: Any = {**scope, "state": state}
    dropped = False

    async def send_unless_retried(message: Message) -> None:
        nonlocal dropped
        if message["type"] == "http.response.start" and may_retry:
            dropped = bool(state.get(_FLAG))
        if not dropped:
            await send(message)

    await app(attempt_scope, replay, send_unless_retried)
    return not dropped
