"""The health check: up, and the database answering."""

from litestar import Litestar
from litestar.testing import AsyncTestClient

from reference_app.app import create_app
from reference_app.settings import Settings


async def test_health_answers_200_when_the_database_answers(
    client: AsyncTestClient[Litestar],
) -> None:
    response = await client.get("/health")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_health_answers_503_when_the_database_does_not() -> None:
    settings = Settings(
        environment="test",
        database_url="postgresql+asyncpg://nobody@127.0.0.1:1/none",
        secret_key="s" * 40,  # type: ignore[arg-type]
        bcrypt_rounds=4,
    )
    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get("/health")
    assert response.status_code == 503, response.text
    assert response.json()["status"] == "unavailable"
