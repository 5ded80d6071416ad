"""One client interface for the checks, whatever answers: the workspace's app or a URL.

`Api` sends requests the way a frontend would and remembers each one, so that a failed
check can say exactly what was sent and what came back.
"""

import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx

# Both the in-process test client and the client for a URL are httpx clients.
Transport = httpx.Client


def fresh(prefix: str) -> str:
    """A name no earlier run has used: test data is random, so no answer can be hard-coded."""
    return f"{prefix}{secrets.token_hex(5)}"


@dataclass
class Reply:
    """A response, with the request that led to it."""

    method: str
    path: str
    sent: Any
    status: int
    headers: httpx.Headers
    text: str

    @property
    def body(self) -> Any:
        """The JSON body, or None when the body is not JSON."""
        try:
            return json.loads(self.text)
        except ValueError:
            return None

    def request_line(self) -> str:
        sent = "" if self.sent is None else " " + _short(json.dumps(self.sent))
        return f"{self.method} {self.path}{sent}"

    def summary(self) -> str:
        return f"{self.status} {_short(self.text) or '(empty body)'}"


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class Account:
    username: str
    email: str
    password: str
    token: str = ""
    user: dict[str, Any] = field(default_factory=dict)


class Api:
    """The Conduit API, as a frontend calls it."""

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    def request(
        self,
        method: str,
        path: str,
        json: Any = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        content: str | None = None,
    ) -> Reply:
        headers = dict(headers or {})
        if token is not None:
            headers["Authorization"] = f"Token {token}"
        kwargs: dict[str, Any] = {"headers": headers}
        if json is not None:
            kwargs["json"] = json
        if content is not None:
            kwargs["content"] = content
            headers.setdefault("Content-Type", "application/json")
        sent = json if content is None else content
        try:
            response = self.transport.request(method, path, **kwargs)
        except httpx.HTTPError as error:
            # A server that hangs up or answers what HTTP cannot read gets a verdict too.
            from labs.engine.checks import CheckFailed

            line = Reply(method, path, sent, 0, httpx.Headers(), "").request_line()
            raise CheckFailed(
                line,
                "an HTTP answer",
                f"no answer: {type(error).__name__}: {_short(str(error))}",
                "the server closed the connection, timed out or answered something that is not "
                "HTTP: its log says why",
            ) from error
        return Reply(method, path, sent, response.status_code, response.headers, response.text)

    def get(self, path: str, **kwargs: Any) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> Reply:
        return self.request("POST", path, json=json, **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> Reply:
        return self.request("PUT", path, json=json, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Reply:
        return self.request("DELETE", path, **kwargs)

    def new_account(self) -> Account:
        """Fresh, valid registration data (not yet sent)."""
        username = fresh("user")
        return Account(username, f"{username}@example.org", fresh("pass-"))

    def register(self, account: Account | None = None) -> Account:
        """Register a fresh user; fail the check, saying why, if registration does not work."""
        from labs.engine.checks import expect, expect_object, expect_status

        account = account or self.new_account()
        reply = self.post(
            "/api/users",
            {
                "user": {
                    "username": account.username,
                    "email": account.email,
                    "password": account.password,
                }
            },
        )
        expect_status(reply, 201, "registering a user must work before this can be checked")
        account.user = expect_object(
            reply, "user", hint='registration answers the user: {"user": {...}}'
        )
        expect(
            isinstance(account.user.get("token"), str),
            reply,
            '{"user": {"token": "<text>", ...}}',
            "registration answers the new user's token, so the frontend is signed in at once",
        )
        account.token = account.user["token"]
        return account

    def create_article(self, author: Account, **fields: Any) -> dict[str, Any]:
        """Publish an article with a random title; fail the check if that does not work."""
        from labs.engine.checks import expect, expect_object, expect_status

        article = {"title": fresh("Title "), "description": "d", "body": "b", **fields}
        reply = self.post("/api/articles", {"article": article}, token=author.token)
        expect_status(reply, 201, "creating an article must work before this can be checked")
        created = expect_object(reply, "article", hint='answer the article: {"article": {...}}')
        expect(
            isinstance(created.get("slug"), str) and isinstance(created.get("title"), str),
            reply,
            '{"article": {"slug": "<text>", "title": "<text>", ...}}',
            "the article names its slug: the URL that reads, changes and deletes it",
        )
        return created
