"""Registration, login and the current user, through the API."""

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from tests.reference_app.conftest import Conduit, errors_of, sqlite_only


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


@sqlite_only
async def test_the_current_user_is_the_token_holder(conduit: Conduit) -> None:
    account = await conduit.register()
    response = await conduit.client.get("/api/user", headers=account.headers)
    assert response.status_code == 200, response.text
    user = response.json()["user"]
    assert set(user) == {"email", "token", "username", "bio", "image"}
    assert (user["username"], user["email"]) == (account.username, account.email)


@sqlite_only
async def test_login_accepts_the_email_in_any_case(conduit: Conduit) -> None:
    account = await conduit.register()
    response = await conduit.login(account.email.upper(), account.password)
    assert response.status_code == 200, response.text


@sqlite_only
@pytest.mark.parametrize(
    ("email", "password"),
    [
        pytest.param("{email}", "wrong horse", id="wrong-password"),
        pytest.param("nobody@example.org", "{password}", id="unknown-email"),
    ],
)
async def test_a_failed_login_answers_401_without_saying_which_part_was_wrong(
    conduit: Conduit, email: str, password: str
) -> None:
    account = await conduit.register()
    response = await conduit.login(
        email.format(email=account.email), password.format(password=account.password)
    )
    assert response.status_code == 401, response.text
    assert errors_of(response) == {"email or password": ["is invalid"]}


async def test_updating_the_user_changes_what_was_sent_and_nothing_else(
    conduit: Conduit,
) -> None:
    account = await conduit.register()
    changes = {"bio": "I like to skateboard", "image": "https://i.example/jake.png"}
    response = await conduit.client.put(
        "/api/user", json={"user": changes}, headers=account.headers
    )
    assert response.status_code == 200, response.text
    user = response.json()["user"]
    assert {key: user[key] for key in changes} == changes
    assert (user["username"], user["email"]) == (account.username, account.email)
    again = await conduit.client.get("/api/user", headers=account.headers)
    assert again.json()["user"]["bio"] == "I like to skateboard"


async def test_a_new_username_email_and_password_take_effect(conduit: Conduit) -> None:
    account = await conduit.register()
    changes = {"username": "renamed", "email": "Renamed@Example.org", "password": "new horse!"}
    response = await conduit.client.put(
        "/api/user", json={"user": changes}, headers=account.headers
    )
    assert response.status_code == 200, response.text
    assert response.json()["user"]["email"] == "renamed@example.org"
    assert (await conduit.login("renamed@example.org", "new horse!")).status_code == 200
    assert (await conduit.login("renamed@example.org", account.password)).status_code == 401
    profile = await conduit.client.get("/api/profiles/renamed")
    assert profile.status_code == 200, profile.text


@pytest.mark.parametrize("field", ["username", "email"])
async def test_taking_another_users_username_or_email_on_update_answers_422(
    conduit: Conduit, field: str
) -> None:
    taken, account = await conduit.register(), await conduit.register()
    response = await conduit.client.put(
        "/api/user", json={"user": {field: getattr(taken, field)}}, headers=account.headers
    )
    assert response.status_code == 422, response.text
    assert errors_of(response) == {field: ["has already been taken"]}
    unchanged = await conduit.client.get("/api/user", headers=account.headers)
    assert unchanged.json()["user"][field] == getattr(account, field)


@sqlite_only
async def test_keeping_ones_own_username_and_email_on_update_is_fine(conduit: Conduit) -> None:
    account = await conduit.register()
    response = await conduit.client.put(
        "/api/user",
        json={"user": {"username": account.username, "email": account.email, "bio": "hi"}},
        headers=account.headers,
    )
    assert response.status_code == 200, response.text


JAKE = {"username": "jake", "email": "jake@example.org", "password": "jakejake"}
MISSING = object()


@sqlite_only
@pytest.mark.parametrize(
    ("change", "field"),
    [
        pytest.param({"username": MISSING}, "username", id="no-username"),
        pytest.param({"email": MISSING}, "email", id="no-email"),
        pytest.param({"password": MISSING}, "password", id="no-password"),
        pytest.param({"email": "not-an-email"}, "email", id="bad-email"),
        pytest.param({"password": "short"}, "password", id="short-password"),
        pytest.param({"username": 42}, "username", id="username-not-a-string"),
        pytest.param({"password": ["jakejake"]}, "password", id="password-not-a-string"),
        pytest.param({"username": ""}, "username", id="blank-username"),
        pytest.param({"username": "ja ke/.."}, "username", id="username-not-url-safe"),
    ],
)
async def test_invalid_registration_answers_422_naming_the_field(
    client: AsyncTestClient[Litestar], change: dict[str, object], field: str
) -> None:
    user = {key: value for key, value in {**JAKE, **change}.items() if value is not MISSING}
    response = await client.post("/api/users", json={"user": user})
    assert response.status_code == 422, response.text
    errors = errors_of(response)
    assert list(errors) == [field], errors
    assert all(isinstance(message, str) and message for message in errors[field])
    assert (await client.get("/api/profiles/jake")).status_code == 404, "nothing was stored"


@sqlite_only
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"username": "jake"}', id="no-user-object"),
        pytest.param(b'{"user": null}', id="user-null"),
        pytest.param(b'{"user": "jake"}', id="user-a-string"),
        pytest.param(b"[]", id="a-list"),
        pytest.param(b"", id="empty"),
    ],
)
@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("POST", "/api/users", id="register"),
        pytest.param("POST", "/api/users/login", id="login"),
        pytest.param("PUT", "/api/user", id="update"),
    ],
)
async def test_a_body_that_is_not_a_user_answers_422(
    conduit: Conduit, method: str, path: str, content: bytes
) -> None:
    """Litestar once took a bad `user` object for a failed `user` dependency, and answered 500."""
    account = await conduit.register()
    response = await conduit.client.request(
        method,
        path,
        content=content,
        headers={"Content-Type": "application/json", **account.headers},
    )
    assert response.status_code == 422, response.text
    assert errors_of(response)


@sqlite_only
async def test_an_update_without_any_field_answers_422(conduit: Conduit) -> None:
    account = await conduit.register()
    response = await conduit.client.put("/api/user", json={"user": {}}, headers=account.headers)
    assert response.status_code == 422, response.text
    assert errors_of(response) == {"user": ["needs at least one field to change"]}


@sqlite_only
async def test_an_update_cannot_set_fields_a_client_does_not_own(conduit: Conduit) -> None:
    first, account = await conduit.register(), await conduit.register()
    response = await conduit.client.put(
        "/api/user",
        json={"user": {"id": 1, "token": "forged", "bio": "hello", "password_hash": "$2b$"}},
        headers=account.headers,
    )
    assert response.status_code == 200, response.text
    assert response.json()["user"]["username"] == account.username
    assert response.json()["user"]["token"] != "forged"
    assert (await conduit.login(account.email, account.password)).status_code == 200
    assert (await conduit.login(first.email, first.password)).status_code == 200
