"""The application as a whole: CORS, the OpenAPI schema, and what a server error looks like."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from reference_app.app import API, create_app
from reference_app.articles import queries
from reference_app.settings import Settings
from tests.reference_app.conftest import Conduit, errors_of, sqlite_only

SPEC = Path(__file__).parents[3] / "shared" / "realworld" / "openapi.yml"


@sqlite_only
async def test_a_preflight_from_another_origin_may_send_the_token(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.options(
        "/api/articles",
        headers={
            "Origin": "https://frontend.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type",
        },
    )
    assert response.status_code in (200, 204), response.text
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://frontend.example")
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed or allowed == "*", allowed


@sqlite_only
async def test_an_answer_to_another_origin_carries_the_cors_header(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/api/tags", headers={"Origin": "https://frontend.example"})
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] in ("*", "https://frontend.example")


@sqlite_only
async def test_the_openapi_schema_lists_every_path_of_the_spec(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/docs/openapi.json")
    assert response.status_code == 200, response.text
    served = {_shape(path) for path in response.json()["paths"]}
    if not SPEC.exists():
        pytest.skip(f"the RealWorld spec is not at {SPEC}")
    spec_paths = re.findall(r"^  (/\S+):$", SPEC.read_text(), flags=re.MULTILINE)
    expected = {_shape("/api" + path) for path in spec_paths}  # the spec's server ends in /api
    assert len(expected) == 12, f"read {len(expected)} paths from the spec"
    assert expected <= served, f"missing: {sorted(expected - served)}"


def _shape(path: str) -> str:
    """`/api/articles/{slug}/comments/{comment_id}` -> `/api/articles/{}/comments/{}`."""
    return re.sub(r"\{[^}]*\}", "{}", path)


@sqlite_only
async def test_a_server_error_answers_500_in_the_envelope_without_a_traceback(
    conduit: Conduit, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret-internal-detail at /srv/app/queries.py line 42")

    monkeypatch.setattr(queries, "list_articles", broken)
    response = await conduit.client.get("/api/articles")
    assert response.status_code == 500
    assert errors_of(response) == {"body": ["internal server error"]}
    for leak in ("Traceback", "secret-internal-detail", "queries.py", "RuntimeError"):
        assert leak not in response.text


def test_the_app_imports_neither_its_server_nor_the_redis_client() -> None:
    """The checks run the app in-process on every `course check`: what only a server or a
    shared cache needs (uvicorn, redis) is imported by those alone."""
    printed = subprocess.run(
        [sys.executable, "-c", "import reference_app.app, sys; print(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "reference_app.app" in printed
    assert "uvicorn" not in printed
    assert "redis" not in printed


@sqlite_only
async def test_apps_built_in_one_process_share_routes_but_each_answers_from_its_own_database(
    settings: Settings, tmp_path: Path
) -> None:
    """The API's routers are made once (reference_app.app.API); each app gets its own copy."""
    apps = []
    for name in ("one", "two"):
        url = f"sqlite+aiosqlite:///{tmp_path / name}.db"
        app = create_app(settings.model_copy(update={"database_url": url}))
        await app.state.database.create_tables()
        await app.state.database.dispose()
        apps.append(app)
    user = {"username": "solo", "email": "solo@example.com", "password": "long enough secret"}
    async with AsyncTestClient(app=apps[0]) as one, AsyncTestClient(app=apps[1]) as two:
        registered = await one.post("/api/users", json={"user": user})
        assert registered.status_code == 201, registered.text
        login = {"user": {"email": user["email"], "password": user["password"]}}
        assert (await one.post("/api/users/login", json=login)).status_code == 200
        assert (await two.post("/api/users/login", json=login)).status_code == 401
    handlers = [app.route_handler_method_map["/api/users"]["POST"] for app in apps]
    assert handlers[0] is not handlers[1]
    assert API.owner is None, "registering API on an app changed it instead of a copy"
