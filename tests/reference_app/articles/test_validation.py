"""Articles: invalid input answers 422 naming the field, and changes nothing."""

from typing import Any

import pytest

from tests.reference_app.conftest import Conduit, errors_of, sqlite_only


@sqlite_only
@pytest.mark.parametrize(
    ("article", "field"),
    [
        pytest.param({"description": "d", "body": "b"}, "title", id="no-title"),
        pytest.param({"title": "   ", "description": "d", "body": "b"}, "title", id="blank-title"),
        pytest.param({"title": "t", "description": "", "body": "b"}, "description", id="empty"),
        pytest.param({"title": "t", "description": "d"}, "body", id="no-body"),
        pytest.param({"title": 5, "description": "d", "body": "b"}, "title", id="title-a-number"),
        pytest.param({"title": "t", "description": "d", "body": "b", "tagList": "x"}, "tagList",
                     id="tags-a-string"),
        pytest.param({"title": "t", "description": "d", "body": "b", "tagList": [1]}, "tagList",
                     id="tag-a-number"),
    ],
)  # fmt: skip
async def test_an_invalid_article_answers_422_naming_the_field(
    conduit: Conduit, article: dict[str, Any], field: str
) -> None:
    author = await conduit.register()
    response = await conduit.client.post(
        "/api/articles", json={"article": article}, headers=author.headers
    )
    assert response.status_code == 422, response.text
    assert field in errors_of(response), errors_of(response)
    assert (await conduit.articles())["articlesCount"] == 0, "nothing was stored"


@sqlite_only
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"article": null}', id="article-null"),
        pytest.param(b'[{"article": {}}]', id="json-array"),
        pytest.param(b'{"title": "t"}', id="no-article-object"),
    ],
)
async def test_a_body_that_is_not_an_article_answers_422(conduit: Conduit, content: bytes) -> None:
    author = await conduit.register()
    response = await conduit.client.post(
        "/api/articles",
        content=content,
        headers={"Content-Type": "application/json", **author.headers},
    )
    assert response.status_code == 422, response.text
    assert errors_of(response)


@sqlite_only
@pytest.mark.parametrize(
    ("article", "field"),
    [
        pytest.param({}, "article", id="nothing-to-change"),
        pytest.param({"title": ""}, "title", id="empty-title"),
        pytest.param({"body": " \n "}, "body", id="blank-body"),
    ],
)
async def test_an_invalid_update_answers_422_and_changes_nothing(
    conduit: Conduit, article: dict[str, Any], field: str
) -> None:
    author = await conduit.register()
    created = await conduit.create_article(author)
    response = await conduit.client.put(
        f"/api/articles/{created['slug']}", json={"article": article}, headers=author.headers
    )
    assert response.status_code == 422, response.text
    assert field in errors_of(response), errors_of(response)
    assert await conduit.article(created["slug"]) == created


@sqlite_only
@pytest.mark.parametrize(
    ("params", "field"),
    [
        pytest.param({"limit": 0}, "limit", id="limit-0"),
        pytest.param({"limit": 101}, "limit", id="limit-101"),
        pytest.param({"limit": "ten"}, "limit", id="limit-not-a-number"),
        pytest.param({"offset": -1}, "offset", id="offset-negative"),
    ],
)
@pytest.mark.parametrize("path", ["/api/articles", "/api/articles/feed"])
async def test_a_page_out_of_range_answers_422(
    conduit: Conduit, params: dict[str, Any], field: str, path: str
) -> None:
    reader = await conduit.register()
    response = await conduit.client.get(path, params=params, headers=reader.headers)
    assert response.status_code == 422, response.text
    assert list(errors_of(response)) == [field]


@sqlite_only
@pytest.mark.parametrize("limit", [1, 100])
async def test_the_page_size_limits_are_inclusive(conduit: Conduit, limit: int) -> None:
    await conduit.articles(limit=limit)
