"""Lab 09's load test: readers go through every list the lab indexed (newest first, a tag, an
author, a reader's favorites, an article's comments) and deep pages, and members read their feed.

Nobody writes, so every count the manifest knows is exact: a list must still count right once
its queries are read through indexes. Pages are large (the lab's N+1 grows with them) and some
are far from the first (a walk through an index that stops at its page's end must still get
there): an app that scans, or sends a query per article, falls behind the reference here.
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import ConduitUser

LARGE_PAGE = 20


class Reader(ConduitUser):
    """Someone browsing every list, with large pages, sometimes far down."""

    weight = 4

    @task(2)
    def newest_first(self) -> None:
        count = self.manifest.articles if self.manifest else None
        self.read_list("/api/articles", {}, limit=LARGE_PAGE, count=count)

    @task(1)
    def a_deep_page(self) -> None:
        seeded = self.manifest.articles if self.manifest else 0
        offset = random.randrange(max(1, seeded - LARGE_PAGE))
        self.read_list(
            "/api/articles?offset=[n]", {"offset": offset}, limit=LARGE_PAGE, count=seeded or None
        )

    @task(3)
    def by_tag(self) -> None:
        if self.manifest and self.manifest.tags:
            tag, count = random.choice(list(self.manifest.tags.items()))
            self.read_list(
                "/api/articles?tag=[tag]", {"tag": tag}, limit=LARGE_PAGE, tag=tag, count=count
            )

    @task(3)
    def by_author(self) -> None:
        if self.manifest and self.manifest.authors:
            author, count = random.choice(list(self.manifest.authors.items()))
            self.read_list(
                "/api/articles?author=[name]",
                {"author": author},
                limit=LARGE_PAGE,
                author=author,
                count=count,
            )

    @task(1)
    def favorited_by(self) -> None:
        if self.manifest and self.manifest.users:
            self.read_list(
                "/api/articles?favorited=[name]",
                {"favorited": random.choice(self.manifest.users)},
                limit=LARGE_PAGE,
            )

    @task(2)
    def comments(self) -> None:
        slug = self.random_slug()
        if slug:
            self.call(
                "GET",
                f"/api/articles/{slug}/comments",
                name="/api/articles/[slug]/comments",
                status=200,
                check=expect.comments,
            )

    @task(1)
    def one_article(self) -> None:
        self.read_some_article()


class Member(ConduitUser):
    """Someone signed in who reads their feed (empty for a newcomer: still counted through
    indexes) and the front page as they see it."""

    weight = 1

    def on_start(self) -> None:
        self.account = self.sign_up("member")

    @task(2)
    def feed(self) -> None:
        if self.account is None:
            return
        self.call(
            "GET",
            "/api/articles/feed",
            name="/api/articles/feed",
            status=200,
            token=self.account[1],
            params={"limit": LARGE_PAGE},
            check=lambda body: expect.article_list(body, limit=LARGE_PAGE, count=0),
        )

    @task(1)
    def front_page_signed_in(self) -> None:
        if self.account is None:
            return
        self.call(
            "GET",
            "/api/articles",
            name="/api/articles (signed in)",
            status=200,
            token=self.account[1],
            params={"limit": LARGE_PAGE},
            check=lambda body: expect.article_list(body, limit=LARGE_PAGE),
        )
