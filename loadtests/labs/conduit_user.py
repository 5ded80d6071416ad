"""What every lab's scenario shares: a Locust user whose every request is checked.

`call` sends a request named after its route (one statistics row per endpoint, not per
article), and counts it as a failure when the status or the body is wrong, saying what was
wrong. The dataset's manifest (`--manifest`, given by `course loadtest`) tells the scenarios what
the server holds, so that counts can be checked exactly; without it (any server, by URL) they
check what they can see.
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import json
import random
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, events
from locust.env import Environment

from loadtests.dataset import Manifest, load_manifest
from loadtests.labs import expect

PASSWORD = "load-test-pw"
PAGE_SIZE = 10
Check = Callable[[Any], str | None]


def _add_options(parser: Any) -> None:
    parser.add_argument(
        "--think-time",
        type=float,
        default=0.0,
        help="mean seconds a user pauses between actions (default 0: none)",
    )
    parser.add_argument("--manifest", default="", help="the dataset's manifest.json, if known")


events.init_command_line_parser.add_listener(_add_options)  # type: ignore[no-untyped-call,unused-ignore]


_manifests: dict[str, Manifest | None] = {}


def manifest_of(environment: Environment) -> Manifest | None:
    """The dataset the server was seeded with, read once per process; None when not known."""
    path: str = getattr(environment.parsed_options, "manifest", "") or ""
    if path not in _manifests:
        _manifests[path] = load_manifest(Path(path)) if path else None
    return _manifests[path]


def gist(text: str) -> str:
    """What a body holds, short and the same for every answer of one kind, so that Locust
    counts one wrong answer as one row, not one row per token or id it holds."""
    try:
        body = json.loads(text)
    except ValueError:
        return f"not JSON: {text[:80]!r}"
    if isinstance(body, dict) and isinstance(body.get("errors"), dict):
        return f"errors {body['errors']}"[:160]
    if isinstance(body, dict):
        return f"a body of {sorted(body)}"
    return f"a {type(body).__name__}"


def fresh_name(role: str) -> str:
    return f"{role}-{uuid.uuid4().hex[:12]}"


class ConduitUser(FastHttpUser):
    """A user of the API whose every request is validated."""

    abstract = True

    def wait_time(self) -> float:
        mean: float = getattr(self.environment.parsed_options, "think_time", 0.0)
        return random.uniform(0.5 * mean, 1.5 * mean)

    @property
    def manifest(self) -> Manifest | None:
        return manifest_of(self.environment)

    def call(
        self,
        method: str,
        path: str,
        *,
        name: str,
        status: int,
        check: Check | None = None,
        body: Any = None,
        token: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> Any:
        """Send a request; a failure unless it answers `status` and passes `check`.

        Returns the decoded body of a right answer, None otherwise.
        """
        headers = {"Authorization": f"Token {token}"} if token else {}
        if params:
            path += "?" + urlencode(params)
        with self.client.request(
            method, path, name=name, json=body, headers=headers, catch_response=True
        ) as response:
            if response.status_code != status:
                answered = f"answered {response.status_code}, expected {status}"
                response.failure(f"{answered}: {gist(response.text)}")
                return None
            decoded: Any = None
            if response.text:
                try:
                    decoded = json.loads(response.text)
                except ValueError:
                    response.failure(f"the body is not JSON: {response.text[:120]}")
                    return None
            if check is not None and (problem := check(decoded)):
                response.failure(problem)
                return None
            response.success()
            return decoded if decoded is not None else {}

    def sign_up(self, role: str) -> tuple[str, str] | None:
        """Register a new user; their name and token, or None if that failed."""
        name = fresh_name(role)
        email = f"{name}@example.org"
        answer = self.call(
            "POST",
            "/api/users",
            name="/api/users",
            status=201,
            body={"user": {"username": name, "email": email, "password": PASSWORD}},
            check=lambda body: expect.user(body, username=name, email=email),
        )
        return (name, answer["user"]["token"]) if answer else None

    def random_slug(self) -> str | None:
        """A seeded article's slug, or one seen in a list when the dataset is not known."""
        if self.manifest:
            return random.choice(self.manifest.slugs)
        page = self.call(
            "GET", "/api/articles", name="/api/articles", status=200, params={"limit": PAGE_SIZE}
        )
        articles = page.get("articles", []) if page else []
        return random.choice(articles)["slug"] if articles else None

    def read_list(
        self, name: str, params: dict[str, str | int], *, limit: int = PAGE_SIZE, **wanted: Any
    ) -> None:
        """A page of `limit` articles chosen by `params`, checked against `wanted` (see
        `expect.article_list`)."""
        self.call(
            "GET",
            "/api/articles",
            name=name,
            status=200,
            params={"limit": limit, **params},
            check=lambda body: expect.article_list(body, limit=limit, **wanted),
        )

    def read_front_page(self) -> None:
        """The first page of the newest articles, as a visitor's browser asks for it."""
        self.read_list("/api/articles", {})

    def read_some_article(self) -> None:
        """One article, chosen at random among those known, checked to be the one asked for."""
        slug = self.random_slug()
        if slug:
            self.call(
                "GET",
                f"/api/articles/{slug}",
                name="/api/articles/[slug]",
                status=200,
                check=lambda body: expect.article(body, slug=slug),
            )
