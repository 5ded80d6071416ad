"""A day on Conduit, for Locust: many readers browsing, a few writers signed in.

    python -m loadtests.serve --articles 200          # or your own server
    locust -f loadtests/locustfile.py --host http://127.0.0.1:PORT
    locust -f loadtests/locustfile.py --host http://127.0.0.1:PORT --headless -u 50 -r 10 -t 1m

Readers outnumber writers nine to one, as on most sites. Every request is named after its route
(`/api/articles/[slug]`), so the statistics table has one row per endpoint and not one per
article. Only the API of the RealWorld spec is used: any Conduit backend can be the target.
`--think-time` sets the mean pause between a user's actions (0 hammers the server).
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random
import uuid
from typing import Any

from locust import HttpUser, events, task
from locust.env import Environment

PAGE_SIZE = 10
COMMENTS = ["Thanks, this helped.", "I measured the same thing.", "Could you say more on this?"]


def _add_options(parser: Any) -> None:
    parser.add_argument(
        "--think-time",
        type=float,
        default=1.0,
        help="Mean seconds a simulated user pauses between actions (default 1; 0: none)",
    )


# Locust's event hooks are untyped.
events.init_command_line_parser.add_listener(_add_options)  # type: ignore[no-untyped-call,unused-ignore]


def _think_time(environment: Environment) -> float:
    mean: float = getattr(environment.parsed_options, "think_time", 1.0)
    return random.uniform(0.5 * mean, 1.5 * mean)


class ConduitUser(HttpUser):
    """What readers and writers share: the articles and tags they have seen so far."""

    abstract = True

    def on_start(self) -> None:
        self.slugs: list[str] = []
        self.authors: list[str] = []
        self.tags: list[str] = []
        self.articles_count = 0
        self.list_articles()
        self.list_tags()

    def wait_time(self) -> float:
        return _think_time(self.environment)

    def _remember(self, articles: list[dict[str, Any]]) -> None:
        for article in articles:
            if article["slug"] not in self.slugs:
                self.slugs.append(article["slug"])
                self.authors.append(article["author"]["username"])

    def _list(self, params: dict[str, Any], name: str, **kwargs: Any) -> None:
        params = {"limit": PAGE_SIZE, **params}
        with self.client.get(
            "/api/articles", params=params, name=name, catch_response=True, **kwargs
        ) as response:
            if response.ok:
                body = response.json()
                self._remember(body["articles"])
                self.articles_count = body["articlesCount"]

    @task(4)
    def list_articles(self) -> None:
        self._list({}, "/api/articles")

    @task(2)
    def list_articles_by_tag(self) -> None:
        if self.tags:
            self._list({"tag": random.choice(self.tags)}, "/api/articles?tag=[tag]")

    @task(2)
    def next_page(self) -> None:
        pages = max(1, -(-self.articles_count // PAGE_SIZE))
        offset = random.randrange(pages) * PAGE_SIZE
        self._list({"offset": offset}, "/api/articles?offset=[n]")

    @task(4)
    def read_article(self) -> None:
        if self.slugs:
            slug = random.choice(self.slugs)
            self.client.get(f"/api/articles/{slug}", name="/api/articles/[slug]")
            self.client.get(f"/api/articles/{slug}/comments", name="/api/articles/[slug]/comments")

    @task(1)
    def list_tags(self) -> None:
        with self.client.get("/api/tags", name="/api/tags", catch_response=True) as response:
            if response.ok:
                self.tags = response.json()["tags"]


class Reader(ConduitUser):
    """Someone browsing without an account."""

    weight = 9


class Writer(ConduitUser):
    """Someone who signs up once, then writes, comments, favorites, follows and reads a feed."""

    weight = 1

    def on_start(self) -> None:
        name = f"load-{uuid.uuid4().hex[:12]}"
        user = {"username": name, "email": f"{name}@example.org", "password": "load-test-pw"}
        response = self.client.post("/api/users", json={"user": user}, name="/api/users")
        response.raise_for_status()  # without an account a writer has nothing to do
        self.username = name
        self.client.headers["Authorization"] = f"Token {response.json()['user']['token']}"
        super().on_start()

    @task(2)
    def write_article(self) -> None:
        tags = [*random.sample(self.tags, k=min(2, len(self.tags))), "load-test"]
        article = {
            "title": f"Notes from a load test {uuid.uuid4().hex[:8]}",
            "description": "What the server did under load.",
            "body": "Throughput, latency and the queries behind them. " * 20,
            "tagList": tags,
        }
        with self.client.post(
            "/api/articles", json={"article": article}, name="/api/articles", catch_response=True
        ) as response:
            if response.ok:
                self._remember([response.json()["article"]])

    @task(3)
    def comment(self) -> None:
        if self.slugs:
            comment = {"comment": {"body": random.choice(COMMENTS)}}
            self.client.post(
                f"/api/articles/{random.choice(self.slugs)}/comments",
                json=comment,
                name="/api/articles/[slug]/comments",
            )

    @task(3)
    def favorite(self) -> None:
        if self.slugs:
            self.client.post(
                f"/api/articles/{random.choice(self.slugs)}/favorite",
                name="/api/articles/[slug]/favorite",
            )

    @task(2)
    def follow(self) -> None:
        others = [author for author in self.authors if author != self.username]
        if others:
            self.client.post(
                f"/api/profiles/{random.choice(others)}/follow",
                name="/api/profiles/[username]/follow",
            )

    @task(3)
    def read_feed(self) -> None:
        self.client.get(
            "/api/articles/feed", params={"limit": PAGE_SIZE}, name="/api/articles/feed"
        )
