"""Lab 05's load test: members follow authors, favorite articles and read their feed, and try
to edit an article that is not theirs, while readers read.

Members follow only seeded authors, who write nothing during the run, so a member's feed count
is known exactly: the seeded articles of the authors they follow.
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random
from typing import Any

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import PAGE_SIZE, ConduitUser

FOLLOWED = 3


class Reader(ConduitUser):
    """Someone browsing without an account."""

    weight = 2

    @task
    def front_page(self) -> None:
        self.read_front_page()


class Member(ConduitUser):
    """Someone signed in who follows a few authors and keeps favorites."""

    weight = 3

    def on_start(self) -> None:
        self.account = self.sign_up("member")
        self.following: set[str] = set()

    def _follow(self, author: str, follow: bool) -> None:
        assert self.account is not None
        answer = self.call(
            "POST" if follow else "DELETE",
            f"/api/profiles/{author}/follow",
            name="/api/profiles/[username]/follow" + ("" if follow else " [undo]"),
            status=200,
            token=self.account[1],
            check=lambda body: expect.profile(body, username=author, following=follow),
        )
        if answer is not None:
            (self.following.add if follow else self.following.discard)(author)

    @task(2)
    def follow_someone(self) -> None:
        if self.account and self.manifest:
            if len(self.following) >= FOLLOWED:
                self._follow(random.choice(sorted(self.following)), follow=False)
            self._follow(random.choice(list(self.manifest.authors)), follow=True)

    @task(4)
    def read_feed(self) -> None:
        if self.account is None:
            return
        count = None
        if self.manifest:
            count = sum(self.manifest.authors[name] for name in self.following)
        self.call(
            "GET",
            "/api/articles/feed",
            name="/api/articles/feed",
            status=200,
            token=self.account[1],
            params={"limit": PAGE_SIZE},
            check=lambda body: expect.article_list(
                body, limit=PAGE_SIZE, count=count, following=True
            ),
        )

    @task(3)
    def favorite(self) -> None:
        slug = self.random_slug()
        if self.account is None or slug is None:
            return
        for verb, favorited in (("POST", True), ("DELETE", False)):

            def right(body: Any, want: bool = favorited) -> str | None:
                return expect.article(body, slug=slug, favorited=want)

            self.call(
                verb,
                f"/api/articles/{slug}/favorite",
                name="/api/articles/[slug]/favorite" + ("" if favorited else " [undo]"),
                status=200,
                token=self.account[1],
                check=right,
            )

    @task(1)
    def edit_someone_elses(self) -> None:
        slug = self.random_slug()
        if self.account and slug:
            self.call(
                "PUT",
                f"/api/articles/{slug}",
                name="/api/articles/[slug] [not mine]",
                status=403,
                token=self.account[1],
                body={"article": {"title": "Mine now"}},
                check=lambda body: expect.errors(body, field="article"),
            )
