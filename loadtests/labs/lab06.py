"""Lab 06's load test: sign-ups and profile reads, every email and bio sealed and opened.

Newcomers sign up (a seal and a blind index each), give themselves a bio (another seal), sign
in again with their email in capitals (the blind index of the normalised email) and read
themselves back. Readers read the profiles of those who signed up (a bio opened each time)
and check each shows the bio its owner wrote: a value opened wrong fails, not only a slow one.
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import PASSWORD, ConduitUser

# (username, bio) of everyone who has a bio: what readers read back.
WRITTEN: list[tuple[str, str]] = []


def _bio_is(body: object, bio: str) -> str | None:
    shown = body.get("profile", {}).get("bio") if isinstance(body, dict) else None
    return None if shown == bio else f"the bio is {shown!r}, expected {bio!r}"


class Newcomer(ConduitUser):
    """Someone signing up, writing a bio, signing in again and reading themselves."""

    weight = 2

    def on_start(self) -> None:
        self.account = self.sign_up("newcomer")
        if self.account is None:
            return
        name, token = self.account
        bio = f"I am {name}, and this bio is sealed."
        answer = self.call(
            "PUT",
            "/api/user",
            name="/api/user [bio]",
            status=200,
            token=token,
            body={"user": {"bio": bio}},
            check=lambda body: expect.user(body, username=name),
        )
        if answer:
            WRITTEN.append((name, bio))

    @task(2)
    def sign_in_shouting(self) -> None:
        if self.account is None:
            return
        name, _ = self.account
        email = f"{name}@example.org"
        self.call(
            "POST",
            "/api/users/login",
            name="/api/users/login [capitals]",
            status=200,
            body={"user": {"email": email.upper(), "password": PASSWORD}},
            check=lambda body: expect.user(body, username=name, email=email),
        )

    @task(3)
    def read_myself(self) -> None:
        if self.account:
            name, token = self.account
            self.call(
                "GET",
                "/api/user",
                name="/api/user",
                status=200,
                token=token,
                check=lambda body: expect.user(body, username=name, email=f"{name}@example.org"),
            )

    @task(1)
    def sign_up_another(self) -> None:
        self.sign_up("newcomer")


class Reader(ConduitUser):
    """Someone reading profiles: each bio opened, and checked against what its owner wrote."""

    weight = 3

    @task
    def read_a_profile(self) -> None:
        if not WRITTEN:
            self.read_front_page()
            return
        name, bio = random.choice(WRITTEN)
        self.call(
            "GET",
            f"/api/profiles/{name}",
            name="/api/profiles/[username]",
            status=200,
            check=lambda body: expect.profile(body, username=name) or _bio_is(body, bio),
        )
