"""Lab 04's load test: readers read while newcomers sign up, some with names already taken or
with bad input, and writers send articles with fields missing or nothing to change.

What lab 04 built answers the bad requests: 422 with an error that names each field at fault.
A server that lets bad input through, or answers it with 500 or without the field's name,
fails here, however fast it is.
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import PASSWORD, ConduitUser, fresh_name


class Reader(ConduitUser):
    """Someone browsing while others make mistakes."""

    weight = 3

    @task(2)
    def front_page(self) -> None:
        self.read_front_page()

    @task(1)
    def read_article(self) -> None:
        self.read_some_article()


class Newcomer(ConduitUser):
    """Someone signing up: often right, sometimes with a taken name or a malformed email."""

    weight = 2

    def on_start(self) -> None:
        self.account = self.sign_up("newcomer")

    @task(2)
    def sign_up_again(self) -> None:
        if self.account is None:
            return
        name, _ = self.account
        # Their own name again, with a new email: only the username is taken.
        taken = {
            "username": name,
            "email": f"{fresh_name('other')}@example.org",
            "password": PASSWORD,
        }
        self.call(
            "POST",
            "/api/users",
            name="/api/users [taken]",
            status=422,
            body={"user": taken},
            check=lambda body: expect.errors(body, field="username"),
        )

    @task(2)
    def bad_email(self) -> None:
        name = fresh_name("typo")
        user = {"username": name, "email": f"{name}-at-example.org", "password": PASSWORD}
        self.call(
            "POST",
            "/api/users",
            name="/api/users [bad email]",
            status=422,
            body={"user": user},
            check=lambda body: expect.errors(body, field="email"),
        )

    @task(1)
    def nothing_to_change(self) -> None:
        if self.account:
            self.call(
                "PUT",
                "/api/user",
                name="/api/user [empty]",
                status=422,
                token=self.account[1],
                body={"user": {}},
                check=lambda body: expect.errors(body, field="user"),
            )

    @task(2)
    def article_without_title(self) -> None:
        if self.account:
            self.call(
                "POST",
                "/api/articles",
                name="/api/articles [no title]",
                status=422,
                token=self.account[1],
                body={"article": {"description": "d", "body": "b"}},
                check=lambda body: expect.errors(body, field="title"),
            )

    @task(1)
    def another_newcomer(self) -> None:
        if random.random() < 0.5:
            self.sign_up("newcomer")
