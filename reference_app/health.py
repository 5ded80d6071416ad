"""A health check for load balancers, orchestrators and load tests."""

from typing import Any

from litestar import Response, get
from litestar.datastructures import State
from litestar.status_codes import HTTP_200_OK, HTTP_503_SERVICE_UNAVAILABLE
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError


@get("/health", summary="Is the service up and its database reachable?", include_in_schema=False)
async def health(state: State) -> Response[dict[str, Any]]:
    # --- lab 01: health ---
    try:
        async with state.database.engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return Response(
            {"status": "unavailable", "database": "unreachable"},
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
        )
    return Response({"status": "ok", "database": "ok"}, status_code=HTTP_200_OK)
    # --- end lab 01: health ---
