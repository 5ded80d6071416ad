"""Rules for everything a client sends, whichever endpoint it goes to.

The NUL character (U+0000, `\\u0000` in JSON, `%00` in a URL) is refused everywhere: in the
path, in the query and in any text of a body, with a 422 naming the field. PostgreSQL cannot
store it in text at all, SQLite and MariaDB can; one rule for every database keeps the API the
same whichever runs behind it, and no real title, name or comment needs one.
"""

from typing import Any

from litestar import Request
from pydantic import field_validator
from sqlmodel import SQLModel

from reference_app.errors import invalid

NUL = "\x00"
NUL_MESSAGE = "must not contain a NUL character"


def holds_nul(value: object) -> bool:
    """True for a string with a NUL in it, or a list holding one."""
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, list):
        return any(holds_nul(item) for item in value)
    return False


class Incoming(SQLModel):
    """The base of every body a client sends: no text in it may hold a NUL character."""

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_nul(cls, value: object) -> object:
        if holds_nul(value):
            raise ValueError(NUL_MESSAGE)
        return value


async def refuse_nul_in_url(request: Request[Any, Any, Any]) -> None:
    """Before any handler: a NUL in a path parameter or the query is refused, naming it."""
    for name, value in request.path_params.items():
        if holds_nul(value):
            raise invalid(name, NUL_MESSAGE)
    for name, value in request.query_params.multi_items():
        if holds_nul(value):
            raise invalid(name, NUL_MESSAGE)
