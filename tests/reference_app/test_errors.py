"""Bad bodies: each gets a clear answer in the envelope, never a server error."""

import pytest

from reference_app.errors import MISSING_BODY
from tests.reference_app.conftest import Conduit, errors_of, sqlite_only

JSON = {"Content-Type": "application/json"}


@sqlite_only
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"[" * 1000 + b"]" * 1000, id="arrays"),
        pytest.param(b'{"user":' * 1000 + b"1" + b"}" * 1000, id="objects"),
        pytest.param(b"[" * 100_000, id="unclosed"),
    ],
)
async def test_json_nested_a_thousand_levels_deep_answers_400(
    conduit: Conduit, content: bytes
) -> None:
    response = await conduit.client.post("/api/users/login", content=content, headers=JSON)
    assert response.status_code == 400, response.text
    assert errors_of(response)


@sqlite_only
async def test_malformed_json_answers_400(conduit: Conduit) -> None:
    response = await conduit.client.post(
        "/api/users/login", content=b'{"user": {"email": ', headers=JSON
    )
    assert response.status_code == 400, response.text
    assert list(errors_of(response)) == ["body"]


@sqlite_only
@pytest.mark.parametrize("content", [b"[]", b"null", b'"user"', b"42", b'{"user": []}'])
async def test_valid_json_of_the_wrong_shape_answers_422(conduit: Conduit, content: bytes) -> None:
    response = await conduit.client.post("/api/users/login", content=content, headers=JSON)
    assert response.status_code == 422, response.text
    assert errors_of(response)


@sqlite_only
@pytest.mark.parametrize("path", ["/api/users", "/api/users/login"])
async def test_a_missing_body_says_the_body_is_missing(conduit: Conduit, path: str) -> None:
    response = await conduit.client.post(path, headers=JSON)
    assert response.status_code == 422, response.text
    assert errors_of(response) == {"body": [MISSING_BODY]}
    assert "data" not in response.text, "an internal parameter name is no use to a client"
