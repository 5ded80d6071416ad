"""A deadlock is not the client's fault: the request runs again, a bounded number of times."""

from typing import Any

from litestar import Litestar, post
from litestar.params import JSONBody
from litestar.testing import AsyncTestClient
from sqlalchemy.exc import DBAPIError

from reference_app.errors import EXCEPTION_HANDLERS
from reference_app.retries import ATTEMPTS, retry_middleware


class DriverError(Exception):
    def __init__(self, sqlstate: str) -> None:
        super().__init__(f"driver error {sqlstate}")
        self.sqlstate = sqlstate


def app_failing(times: int, sqlstate: str, bodies: list[Any]) -> Litestar:
    """An app whose one handler fails with `sqlstate` the first `times` times it runs."""

    @post("/write")
    async def write(data: JSONBody[dict[str, Any]]) -> dict[str, Any]:
        bodies.append(data)
        if len(bodies) <= times:
            raise DBAPIError("INSERT ...", None, DriverError(sqlstate))
        return {"attempts": len(bodies)}

    return Litestar(
        [write],
        middleware=[retry_middleware],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
    )


async def test_a_deadlocked_request_is_run_again_with_the_same_body() -> None:
    bodies: list[Any] = []
    async with AsyncTestClient(app_failing(2, "40P01", bodies)) as client:
        response = await client.post("/write", json={"n": 1})
    assert response.status_code == 201, response.text
    assert response.json() == {"attempts": 3}
    assert bodies == [{"n": 1}] * 3


async def test_after_the_last_attempt_the_client_gets_503_with_retry_after() -> None:
    bodies: list[Any] = []
    async with AsyncTestClient(app_failing(ATTEMPTS, "40001", bodies)) as client:
        response = await client.post("/write", json={"n": 1})
    assert response.status_code == 503, response.text
    assert response.headers["Retry-After"] == "1"
    assert response.json() == {"errors": {"body": ["the database is busy: try again"]}}
    assert len(bodies) == ATTEMPTS


async def test_any_other_database_error_is_not_retried() -> None:
    bodies: list[Any] = []
    async with AsyncTestClient(app_failing(1, "42P01", bodies)) as client:
        response = await client.post("/write", json={"n": 1})
    assert response.status_code == 500, response.text
    assert len(bodies) == 1
