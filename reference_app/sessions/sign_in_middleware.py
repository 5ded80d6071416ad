"""Sign-in endpoints pass through here: refused with 429 past a limit, and their outcome counted.

The email is read from the JSON body before the handler runs (Litestar keeps the body it read,
so the handler reads it again for free). A body that is not a sign-in is let through: the
handler answers it (400 or 422), and it counts as no failure, since no password was checked.
"""

from typing import Any

from litestar import Request
from litestar.exceptions import HTTPException, TooManyRequestsException
from litestar.status_codes import HTTP_401_UNAUTHORIZED
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from reference_app.encryption.blind_index import normalise_email
from reference_app.sessions.client_address import client_address
from reference_app.sessions.sign_in_limits import Attempt, SignInLimits


def sign_in_limit_middleware(app: ASGIApp) -> ASGIApp:
    async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
        request: Request[Any, Any, Any] = Request(scope, receive)
        email = await _email_in(request)
        if email is None:
            await app(scope, receive, send)
            return
        limits: SignInLimits = request.app.state.sign_in_limits
        attempt = Attempt(email, client_address(scope, request.app.state.settings.trusted_proxies))
        if wait := limits.wait_seconds(attempt):
            # --- lab 07: refuse_sign_in ---
            message = f"too many failed sign-ins: try again in {wait} seconds"
            raise TooManyRequestsException(
                detail=message, extra={"body": [message]}, headers={"Retry-After": str(wait)}
            )
            # --- end lab 07: refuse_sign_in ---
        status: list[int] = []

        async def send_and_note(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        try:
            await app(scope, receive, send_and_note)
        except HTTPException as error:
            status.append(error.status_code)
            raise
        finally:
            if status and status[0] == HTTP_401_UNAUTHORIZED:
                limits.failed(attempt)
            elif status and status[0] < 300:
                limits.succeeded(attempt)

    return middleware


async def _email_in(request: Request[Any, Any, Any]) -> str | None:
    """The email of a `{"user": {"email": ...}}` body, normalised; None for any other body."""
    try:
        body = await request.json()
    except Exception:  # malformed JSON, too large: the handler gives the proper answer
        return None
    user = body.get("user") if isinstance(body, dict) else None
    email = user.get("email") if isinstance(user, dict) else None
    return normalise_email(email) if isinstance(email, str) and email.strip() else None
