"""What the OpenAPI document says about each endpoint: who may call it, and how it can fail.

Handlers pass `security=` and `responses=` from here, so `/docs` tells the truth: only the
endpoints that need a token say so (those where it is optional list both), and every error
answer a handler can give is documented, in the API's envelope.
"""

from litestar.openapi import ResponseSpec
from litestar.openapi.spec import SecurityRequirement
from pydantic import BaseModel

# A token is required; a token is optional (anonymous callers are served too).
SIGNED_IN: list[SecurityRequirement] = [{"Token": []}]
SIGNED_IN_OR_NOT: list[SecurityRequirement] = [{}, {"Token": []}]

_MEANINGS = {
    400: "The body is not JSON, or is nested too deeply.",
    401: "The token is missing (where one is required), malformed, expired or invalid; "
    "or, for login, the email or password is wrong.",
    403: "The article or comment belongs to someone else.",
    404: "The article, comment or profile does not exist.",
    422: "Invalid input; each field's problems are listed under its name.",
    429: "Too many requests of this kind at once: try again after `Retry-After` seconds.",
}


class ErrorResponse(BaseModel):
    """Every failure: `{"errors": {"<field>": ["<message>", ...]}}`."""

    errors: dict[str, list[str]]


def errors(*status_codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for these error answers, plus the 400 any request can get."""
    return {
        code: ResponseSpec(data_container=ErrorResponse, description=_MEANINGS[code])
        for code in sorted({400, *status_codes})
    }
