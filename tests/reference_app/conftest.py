"""A small client for the Conduit API, so tests read as what they check."""

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from httpx import Response
from litestar import Litestar
from litestar.testing import AsyncTestClient

_serial = itertools.count()


@dataclass
class Account:
    username: str
    email: str
    password: str
    token: str = ""
    headers: dict[str, str] = field(default_factory=dict)


class Conduit:
    """Calls the API the way a frontend would."""

    def __init__(self, client: AsyncTestClient[Litestar]) -> None:
        self.client = client

    async def register(
        self, username: str | None = None, password: str = "correct horse"
    ) -> Account:
        username = username or f"user{next(_serial)}"
        account = Account(username, f"{username}@example.org", password)
        response = await self.client.post(
            "/api/users",
            json={"user": {"username": username, "email": account.email, "password": password}},
        )
        assert response.status_code == 201, response.text
        account.token = response.json()["user"]["token"]
        account.headers = {"Authorization": f"Token {account.token}"}
        return account

    async def create_article(self, author: Account, **fields: Any) -> dict[str, Any]:
        article = {"title": f"Title {next(_serial)}", "description": "d", "body": "b", **fields}
        response = await self.client.post(
            "/api/articles", json={"article": article}, headers=author.headers
        )
        assert response.status_code == 201, response.text
        return dict(response.json()["article"])

    async def comment(self, author: Account, slug: str, body: str = "Nice!") -> dict[str, Any]:
        response = await self.client.post(
            f"/api/articles/{slug}/comments",
            json={"comment": {"body": body}},
            headers=author.headers,
        )
        assert response.status_code == 200, response.text
        return dict(response.json()["comment"])


def errors_of(response: Response) -> Mapping[str, list[str]]:
    """The `errors` envelope of a failed response (fails the test if there is none)."""
    body = response.json()
    assert set(body) == {"errors"}, f"expected an error envelope, got {body}"
    return dict(body["errors"])


@pytest.fixture
def conduit(client: AsyncTestClient[Litestar]) -> Conduit:
    return Conduit(client)
