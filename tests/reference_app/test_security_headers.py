"""The security headers every answer carries, and HSTS over HTTPS only."""

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.reference_app.conftest import Conduit, sqlite_only

pytestmark = sqlite_only


async def test_api_answers_carry_the_security_headers(conduit: Conduit) -> None:
    response = await conduit.client.get("/api/tags")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert (
        response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    )
    assert "strict-transport-security" not in response.headers, "HSTS sent over plain HTTP"


async def test_hsts_is_sent_over_https(app: Litestar) -> None:
    async with AsyncTestClient(app=app, base_url="https://testserver.local") as client:
        response = await client.get("/api/tags")
    assert response.headers["strict-transport-security"].startswith("max-age=31536000")


async def test_the_docs_pages_may_run_their_scripts(conduit: Conduit) -> None:
    response = await conduit.client.get("/docs/")
    assert response.status_code == 200
    assert "content-security-policy" not in response.headers


async def test_answers_with_a_token_are_not_stored(conduit: Conduit) -> None:
    account = await conduit.register()
    login = await conduit.login(account.email, account.password)
    me = await conduit.client.get("/api/user", headers=account.headers)
    for response in (login, me):
        assert response.headers["cache-control"] == "no-store", response.request.url
