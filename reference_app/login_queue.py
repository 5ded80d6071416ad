"""A login storm is answered 429 past a bounded queue, instead of waiting without end.

bcrypt runs on one thread per CPU (see `app.bcrypt_threads`), so logins queue for it. A queue
without a bound lets a storm of 300 grow into minutes of waiting; clients give up meanwhile,
and the server still spends a quarter of a second of CPU on each login nobody waits for any
more. Past `MAX_LOGINS_IN_PROGRESS` in one worker, a login answers 429 with `Retry-After` at
once: the client knows to come back, and the logins admitted finish in seconds.
"""

from litestar.exceptions import TooManyRequestsException
from litestar.types import ASGIApp, Receive, Scope, Send

MAX_LOGINS_IN_PROGRESS = 32
RETRY_AFTER_SECONDS = 1


def login_queue_middleware(app: ASGIApp) -> ASGIApp:
    in_progress = 0

    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        nonlocal in_progress
        if in_progress >= MAX_LOGINS_IN_PROGRESS:
            message = "too many logins at once: try again in a second"
            raise TooManyRequestsException(
                detail=message,
                extra={"body": [message]},
                headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
            )
        in_progress += 1
        try:
            await app(scope, receive, send)
        finally:
            in_progress -= 1

    return middleware
