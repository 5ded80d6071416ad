"""Lab 02's load test: a sign-in storm while visitors read profiles.

Members sign up once, then sign in again and again (now and then with a wrong password) and use
the token they get. Visitors read profiles meanwhile (what lab 02 builds besides signing in):
their latency shows whether bcrypt's work starves everyone else. Both servers hash at the same
cost (the scenario's `bcrypt_rounds`).
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import PASSWORD, ConduitUser


class Reader(ConduitUser):
    """Someone reading profiles during the storm."""

    weight = 2

    @task
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


class Member(ConduitUser):
    """Someone signing in, again and again, and using the token."""

    weight = 3

    def on_start(self) -> None:
        self.account = self.sign_up("member")

    @task(4)
    def sign_in(self) -> None:
        if self.account is None:
            return
        name, _ = self.account
        email = f"{name}@example.org"
        answer = self.call(
            "POST",
            "/api/users/login",
            name="/api/users/login",
            status=200,
            body={"user": {"email": email, "password": PASSWORD}},
            check=lambda body: expect.user(body, username=name, email=email),
        )
        if answer:
            self.call(
                "GET",
                "/api/user",
                name="/api/user",
                status=200,
                token=answer["user"]["token"],
                check=lambda body: expect.user(body, username=name, email=email),
            )

    @task(1)
    def wrong_password(self) -> None:
        if self.account:
            login = {"email": f"{self.account[0]}@example.org", "password": "not-the-password"}
            self.call(
                "POST",
                "/api/users/login",
                name="/api/users/login [wrong]",
                status=401,
                body={"user": login},
            )

    @task(1)
    def forged_token(self) -> None:
        if self.account:
            header, claims, _ = self.account[1].split(".")
            self.call(
                "GET",
                "/api/user",
                name="/api/user [forged]",
                status=401,
                token=f"{header}.{claims}.{'A' * 43}",
            )
