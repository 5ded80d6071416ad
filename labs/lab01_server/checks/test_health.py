from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from labs.engine import Api, check, expect, expect_status
from labs.engine.plugin import NOT_APPLICABLE

HEALTHY = {"status": "ok", "database": "ok"}
UNHEALTHY = {"status": "unavailable", "database": "unreachable"}


@check(points=2, task="Health", rule="course", catches=["health_plain_text"])
def test_health_answers_ok(api: Api) -> None:
    """GET /health answers 200 with {"status": "ok", "database": "ok"}."""
    reply = api.get("/health")
    expect_status(reply, 200, "the health handler must answer as soon as the database does")
    expect(
        reply.body == HEALTHY,
        reply,
        f"the JSON object {HEALTHY}",
        "return a dict, not a string: Litestar encodes it as JSON",
    )


@check(points=1, task="Health", rule="course", catches=["health_plain_text"])
def test_health_is_json(api: Api) -> None:
    """GET /health says its body is JSON (Content-Type: application/json)."""
    reply = api.get("/health")
    content_type = reply.headers.get("content-type", "")
    expect(
        reply.status == 200 and content_type.startswith("application/json"),
        reply,
        f"status 200 and Content-Type application/json (got Content-Type {content_type!r})",
        "leave media_type at its default: Response(...) of a dict is JSON",
    )


@contextmanager
def _database_not_answering(api: Api) -> Iterator[None]:
    """The app's database, for the health check only, as a server that stopped answering.

    In-process only: the app's engine is swapped, for one request, for one whose every query
    fails as a lost server's would; the real one is put back at once, so nothing else sees it.
    """
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError
    from sqlalchemy.ext.asyncio import create_async_engine
    from sqlalchemy.pool import NullPool

    database = getattr(
        getattr(getattr(api.transport, "app", None), "state", None), "database", None
    )
    if database is None or not hasattr(database, "engine"):
        pytest.skip(NOT_APPLICABLE)
    gone = create_async_engine("sqlite+aiosqlite://", poolclass=NullPool)

    def refuse(*_: Any) -> None:
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("the database is down"))

    event.listen(gone.sync_engine, "before_cursor_execute", refuse)
    real = database.engine
    database.engine = gone
    try:
        yield
    finally:
        database.engine = real


@check(
    points=2,
    task="Health",
    rule="course",
    catches=["health_never_asks_the_database", "health_plain_text"],
    after=["health_answers_ok"],
    inside=True,
)
def test_health_says_when_the_database_does_not_answer(api: Api) -> None:
    """With the database not answering, GET /health answers 503 {"status": "unavailable", ...}."""
    with _database_not_answering(api):
        reply = api.get("/health")
    expect(
        reply.status == 503 and reply.body == UNHEALTHY,
        reply,
        f"status 503 and {UNHEALTHY}",
        "run a `SELECT 1` on the database and answer 503 when it raises: a load balancer "
        "must not send users to a server that cannot reach its data",
    )
