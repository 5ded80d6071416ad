"""Articles, tags and favorites to fill a server with before measuring it.

A list query over six demo articles measures little but the framework; over a few hundred
tagged and favorited ones it does the work a real front page does. Everything goes through the
public API, so it fills any Conduit server, not only the reference one.
"""

import secrets

import httpx

TAGS = [f"topic-{n:02d}" for n in range(20)]
TAGS_PER_ARTICLE = 3
FANS = 3  # each favorites a different third of the articles


def register(client: httpx.Client, name: str) -> dict[str, str]:
    """Register a fresh user and return the header that signs requests as them."""
    suffix = secrets.token_hex(4)
    user = {"username": f"{name}-{suffix}", "email": f"{name}-{suffix}@example.org"}
    response = client.post("/api/users", json={"user": user | {"password": "load-test-pw"}})
    response.raise_for_status()
    return {"Authorization": f"Token {response.json()['user']['token']}"}


def article_tags(index: int) -> list[str]:
    """Three different tags per article, spread evenly over the pool."""
    return [TAGS[(index + step * 7) % len(TAGS)] for step in range(TAGS_PER_ARTICLE)]


def add_articles(base_url: str, count: int) -> list[str]:
    """Write `count` tagged articles, have a few users favorite them, and return their slugs."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        author = register(client, "corpus-author")
        slugs = []
        for index in range(count):
            article = {
                "title": f"Load test article {index} {secrets.token_hex(3)}",
                "description": f"Article {index} of {count}, written to give list queries work.",
                "body": f"# Article {index}\n\n" + "A paragraph of body text. " * 40,
                "tagList": article_tags(index),
            }
            response = client.post("/api/articles", json={"article": article}, headers=author)
            response.raise_for_status()
            slugs.append(response.json()["article"]["slug"])
        for fan_number in range(FANS):
            fan = register(client, f"corpus-fan{fan_number}")
            for slug in slugs[fan_number::FANS]:
                client.post(f"/api/articles/{slug}/favorite", headers=fan).raise_for_status()
    return slugs
