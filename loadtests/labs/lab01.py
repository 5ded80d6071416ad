"""Lab 01's load test: visitors ask /health and reach what is not there: a mistyped URL, a wrong
method, a page that needs signing in.

What lab 01 built answers every request here: the health check, and the error envelope of a 404,
a 405 and a 401. Nothing here reads stored data, which later labs build.
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import ConduitUser

MISTYPED = ("/api/artcles", "/api/profile", "/api/nowhere", "/api/tag")


class Visitor(ConduitUser):
    """A monitor asking /health, and visitors following links, now and then a wrong one."""

    @task(4)
    def health(self) -> None:
        self.call("GET", "/health", name="/health", status=200, check=expect.health)

    @task(2)
    def mistyped_url(self) -> None:
        self.call(
            "GET",
            random.choice(MISTYPED),
            name="/api/[mistyped]",
            status=404,
            check=lambda body: expect.errors(body, field="body"),
        )

    @task(1)
    def wrong_method(self) -> None:
        self.call(
            "DELETE",
            "/api/tags",
            name="DELETE /api/tags",
            status=405,
            check=lambda body: expect.errors(body, field="body"),
        )

    @task(1)
    def not_signed_in(self) -> None:
        self.call(
            "GET",
            "/api/user",
            name="/api/user [no token]",
            status=401,
            check=lambda body: expect.errors(body, field="token"),
        )
