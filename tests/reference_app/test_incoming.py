"""The NUL rule: a NUL character is refused wherever a client sends it, on every database."""

import pytest

from reference_app.incoming import NUL_MESSAGE
from tests.reference_app.conftest import Conduit, errors_of


@pytest.mark.parametrize(
    ("path", "field"),
    [
        pytest.param("/api/articles?tag=a%00b", "tag", id="query"),
        pytest.param("/api/articles?author=%00", "author", id="query-author"),
        pytest.param("/api/articles/a%00b", "slug", id="article-path"),
        pytest.param("/api/articles/a%00b/comments", "slug", id="comments-path"),
        pytest.param("/api/profiles/a%00b", "username", id="profile-path"),
    ],
)
async def test_a_nul_in_the_url_answers_422_naming_where(
    conduit: Conduit, path: str, field: str
) -> None:
    response = await conduit.client.get(path)
    assert response.status_code == 422, response.text
    assert errors_of(response) == {field: [NUL_MESSAGE]}


@pytest.mark.parametrize(
    ("field", "article"),
    [
        ("title", {"title": "a\0b", "description": "d", "body": "b"}),
        ("description", {"title": "t", "description": "\0", "body": "b"}),
        ("body", {"title": "t", "description": "d", "body": "b\0"}),
        ("tagList", {"title": "t", "description": "d", "body": "b", "tagList": ["ok", "x\0"]}),
    ],
)
async def test_a_nul_in_an_article_answers_422_and_stores_nothing(
    conduit: Conduit, field: str, article: dict[str, object]
) -> None:
    author = await conduit.register()
    response = await conduit.client.post(
        "/api/articles", json={"article": article}, headers=author.headers
    )
    assert response.status_code == 422, response.text
    assert errors_of(response) == {field: [NUL_MESSAGE]}
    assert (await conduit.articles())["articlesCount"] == 0


async def test_a_nul_in_a_comment_bio_or_login_answers_422(conduit: Conduit) -> None:
    author = await conduit.register()
    article = await conduit.create_article(author)
    answers = {
        "comment": await conduit.client.post(
            f"/api/articles/{article['slug']}/comments",
            json={"comment": {"body": "hi\0"}},
            headers=author.headers,
        ),
        "bio": await conduit.client.put(
            "/api/user", json={"user": {"bio": "\0"}}, headers=author.headers
        ),
        "login": await conduit.login(f"{author.username}\0@example.org", author.password),
        "password": await conduit.login(author.email, author.password + "\0"),
    }
    fields = {"comment": "body", "bio": "bio", "login": "email", "password": "password"}
    for name, response in answers.items():
        assert response.status_code == 422, (name, response.text)
        assert errors_of(response) == {fields[name]: [NUL_MESSAGE]}, name
    assert await conduit.comments(article["slug"]) == []


async def test_registering_with_a_nul_answers_422(conduit: Conduit) -> None:
    user = {"username": "nul", "email": "nul@example.org", "password": "pass\0word"}
    response = await conduit.client.post("/api/users", json={"user": user})
    assert response.status_code == 422, response.text
    assert errors_of(response) == {"password": [NUL_MESSAGE]}
