"""The app's own OpenAPI document tells the truth about sign-in, errors and input rules."""

from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.reference_app.conftest import sqlite_only

# Operations a token is required for, and those where it is optional (anonymous is served).
SIGNED_IN = {
    "GET /api/user",
    "PUT /api/user",
    "POST /api/profiles/{username}/follow",
    "DELETE /api/profiles/{username}/follow",
    "POST /api/articles",
    "GET /api/articles/feed",
    "PUT /api/articles/{slug}",
    "DELETE /api/articles/{slug}",
    "POST /api/articles/{slug}/favorite",
    "DELETE /api/articles/{slug}/favorite",
    "POST /api/articles/{slug}/comments",
    "DELETE /api/articles/{slug}/comments/{comment_id}",
    "POST /api/users/logout",
}
OPTIONAL = {
    "GET /api/profiles/{username}",
    "GET /api/articles",
    "GET /api/articles/{slug}",
    "GET /api/articles/{slug}/comments",
}
# POSTs that take no body: their only input is a cookie, which cannot be malformed JSON.
NO_BODY = {"POST /api/users/refresh"}
OWNED = {
    "PUT /api/articles/{slug}",
    "DELETE /api/articles/{slug}",
    "DELETE /api/articles/{slug}/comments/{comment_id}",
}


@pytest.fixture
async def document(client: AsyncTestClient[Litestar]) -> dict[str, Any]:
    response = await client.get("/docs/openapi.json")
    assert response.status_code == 200, response.text
    return dict(response.json())


def _operations(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        f"{method.upper()} {path}": operation
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }


@sqlite_only
async def test_only_endpoints_that_need_a_token_say_so(document: dict[str, Any]) -> None:
    assert "security" not in document, "a global requirement would cover every endpoint"
    for name, operation in _operations(document).items():
        security = operation.get("security")
        if name in SIGNED_IN:
            assert security == [{"Token": []}], name
        elif name in OPTIONAL:
            assert security == [{}, {"Token": []}], name
        else:
            assert security is None, name


@sqlite_only
async def test_each_endpoint_documents_its_error_answers_in_the_envelope(
    document: dict[str, Any],
) -> None:
    for name, operation in _operations(document).items():
        documented = set(operation["responses"])
        has_body = name.split()[0] in {"POST", "PUT"} and name not in NO_BODY
        has_input = "{" in name or has_body or name in OPTIONAL
        signs_in = name.endswith(("/login", "/sessions", "/refresh"))
        expected = {"400"}
        expected |= {"401"} if name in SIGNED_IN | OPTIONAL or signs_in else set()
        expected |= {"403"} if name in OWNED else set()
        expected |= {"404"} if "{" in name else set()
        expected |= {"422"} if has_input or name == "GET /api/articles/feed" else set()
        assert expected <= documented, f"{name}: {sorted(expected - documented)} undocumented"
        for code in expected:
            schema = operation["responses"][code]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, (name, code)
    envelope = document["components"]["schemas"]["ErrorResponse"]
    assert envelope["required"] == ["errors"]


@sqlite_only
@pytest.mark.parametrize("model", ["NewUser", "UpdateUser"])
async def test_the_username_and_password_rules_are_in_the_schemas(
    document: dict[str, Any], model: str
) -> None:
    fields = document["components"]["schemas"][model]["properties"]
    assert fields["username"]["pattern"] == "^[A-Za-z0-9_.-]+$"
    assert (fields["password"]["minLength"], fields["password"]["maxLength"]) == (8, 72)
    assert "bytes" in fields["password"]["description"]
