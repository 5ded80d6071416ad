"""Lab 01's load test: visitors read articles, profiles and tags, ask /health, mistype URLs.

What lab 01 built answers every request here: the handlers of one article, one profile and the
tags, the health check, and the error envelope of a 404.
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import ConduitUser


class Visitor(ConduitUser):
    """Someone following links: mostly articles, then their authors, now and then a wrong one."""

    @task(6)
    def read_article(self) -> None:
        self.read_some_article()

    @task(3)
    def read_profile(self) -> None:
        name = random.choice(self.manifest.users) if self.manifest else None
        if name:
            self.call(
                "GET",
                f"/api/profiles/{name}",
                name="/api/profiles/[username]",
                status=200,
                check=lambda body: expect.profile(body, username=name),
            )

    @task(2)
    def list_tags(self) -> None:
        known = list(self.manifest.tags) if self.manifest else []
        self.call(
            "GET",
            "/api/tags",
            name="/api/tags",
            status=200,
            check=lambda body: expect.tags(body, including=known),
        )

    @task(1)
    def health(self) -> None:
        self.call("GET", "/health", name="/health", status=200, check=expect.health)

    @task(1)
    def mistyped_article(self) -> None:
        self.call(
            "GET",
            "/api/articles/no-such-article-here",
            name="/api/articles/[missing]",
            status=404,
            check=lambda body: expect.errors(body, field="article"),
        )
