"""Registration, login and the current user, through the API."""

from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.reference_app.conftest import Conduit, errors_of


async def test_register_returns_the_user_with_a_token(client: AsyncTestClient[Litestar]) -> None:
    response = await client.post(
        "/api/users",
        json={"user": {"username": "jake", "email": "Jake@Example.org", "password": "jakejake"}},
    )
    assert response.status_code == 201
    user = response.json()["user"]
    assert user["username"] == "jake"
    assert user["email"] == "jake@example.org"
    assert user["bio"] == ""
    assert user["image"] == ""
    assert user["token"].count(".") == 2


async def test_login_answers_200_with_a_fresh_token(
    client: AsyncTestClient[Litestar], conduit: Conduit
) -> None:
    account = await conduit.register()
    response = await client.post(
        "/api/users/login", json={"user": {"email": account.email, "password": account.password}}
    )
    assert response.status_code == 200
    assert response.json()["user"]["username"] == account.username


async def test_a_taken_username_and_email_answer_422(
    client: AsyncTestClient[Litestar], conduit: Conduit
) -> None:
    account = await conduit.register()
    response = await client.post(
        "/api/users",
        json={
            "user": {"username": account.username, "email": account.email, "password": "whatever1"}
        },
    )
    assert response.status_code == 422
    assert errors_of(response) == {
        "username": ["has already been taken"],
        "email": ["has already been taken"],
    }
