"""Articles written at the same moment: every database gives every request the right answer."""

import asyncio

import httpx

from tests.reference_app.conftest import Conduit


async def test_fifty_articles_with_one_title_at_once_all_get_unique_slugs(
    conduit: Conduit, racing_client: httpx.AsyncClient
) -> None:
    author = await conduit.register()
    article = {"title": "Same title", "description": "d", "body": "b"}
    answers = await asyncio.gather(
        *(
            racing_client.post("/api/articles", json={"article": article}, headers=author.headers)
            for _ in range(50)
        )
    )
    statuses = [answer.status_code for answer in answers]
    assert statuses == [201] * 50, [answer.text for answer in answers if answer.status_code != 201]
    slugs = {answer.json()["article"]["slug"] for answer in answers}
    assert len(slugs) == 50, "two articles share a slug"
    assert "same-title" in slugs
    assert (await conduit.articles(limit=100))["articlesCount"] == 50


async def test_articles_with_shared_tags_written_at_once_never_deadlock_into_an_error(
    conduit: Conduit, racing_client: httpx.AsyncClient
) -> None:
    authors = [await conduit.register() for _ in range(4)]
    requests = [
        racing_client.post(
            "/api/articles",
            json={
                "article": {
                    "title": f"Tagged {n}",
                    "description": "d",
                    "body": "b",
                    "tagList": ["shared", f"own-{n}", "python"],
                }
            },
            headers=authors[n % len(authors)].headers,
        )
        for n in range(20)
    ]
    answers = await asyncio.gather(*requests)
    failed = [(answer.status_code, answer.text) for answer in answers if answer.status_code != 201]
    assert not failed, failed
    page = await conduit.articles(tag="shared", limit=100)
    assert page["articlesCount"] == 20
