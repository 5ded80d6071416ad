"""Lab 07's load test: session sign-ins and refreshes while readers read.

Members sign in for a session (bcrypt, a session row and a hashed refresh token), then keep
refreshing it (a compare-and-set and a new token each time) and read themselves with the
newest access token; now and then one signs out and starts again. Every refresh must answer a
new refresh token that works once: a refresh refused, or one that hands the same token back,
fails. Readers read the front page and articles meanwhile.
"""

from typing import Any

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import PASSWORD, ConduitUser, gist

REFRESH_COOKIE = "conduit_refresh"


def _refresh_token_in(headers: Any) -> str:
    """The refresh token of a `Set-Cookie` header ('' when there is none)."""
    for name, value in headers.items():
        if name.lower() != "set-cookie":
            continue
        key, _, rest = value.partition("=")
        if key.strip() == REFRESH_COOKIE:
            return str(rest).split(";", 1)[0].strip()
    return ""


class Member(ConduitUser):
    """Someone signed in for a session, refreshing it as a browser tab does."""

    weight = 2

    def on_start(self) -> None:
        self.name = ""
        self.access = self.refresh_token = ""
        account = self.sign_up("member")
        if account is not None:
            self.name = account[0]
            self.start_session()

    def start_session(self) -> None:
        email = f"{self.name}@example.org"
        with self.client.request(
            "POST",
            "/api/users/sessions",
            name="/api/users/sessions",
            json={"user": {"email": email, "password": PASSWORD}},
            catch_response=True,
        ) as response:
            self._take_tokens(response, lambda body: expect.user(body, username=self.name))

    def _take_tokens(self, response: Any, check: Any) -> None:
        """Keep the access and refresh tokens of a 200 answer; a failure otherwise."""
        if response.status_code != 200:
            response.failure(f"answered {response.status_code}: {gist(response.text)}")
            self.access = self.refresh_token = ""
            return
        body = response.json()
        refresh_token = _refresh_token_in(response.headers)
        if problem := check(body):
            response.failure(problem)
        elif not refresh_token or refresh_token == self.refresh_token:
            response.failure("no new refresh token in the cookie")
        else:
            response.success()
            self.access, self.refresh_token = body["user"]["token"], refresh_token
            return
        self.access = self.refresh_token = ""

    @task(3)
    def refresh(self) -> None:
        if not self.refresh_token:
            if self.name:
                self.start_session()
            return
        with self.client.request(
            "POST",
            "/api/users/refresh",
            name="/api/users/refresh",
            headers={"Cookie": f"{REFRESH_COOKIE}={self.refresh_token}"},
            catch_response=True,
        ) as response:
            self._take_tokens(response, lambda body: expect.user(body, username=self.name))

    @task(3)
    def read_myself(self) -> None:
        if self.access:
            self.call(
                "GET",
                "/api/user",
                name="/api/user",
                status=200,
                token=self.access,
                check=lambda body: expect.user(body, username=self.name),
            )

    @task(1)
    def sign_out_and_in(self) -> None:
        if not self.access:
            return
        self.call(
            "POST", "/api/users/logout", name="/api/users/logout", status=204, token=self.access
        )
        self.start_session()


class Reader(ConduitUser):
    """Someone reading the front page and articles while members sign in and refresh."""

    weight = 3

    @task(2)
    def front_page(self) -> None:
        self.read_front_page()

    @task(1)
    def an_article(self) -> None:
        self.read_some_article()
