"""Comments: list an article's comments, add one, delete your own."""

import pytest

from tests.reference_app.conftest import TIMESTAMP, Conduit, errors_of, sqlite_only


async def test_a_comment_is_added_with_200_and_listed_oldest_first(conduit: Conduit) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    response = await conduit.client.post(
        f"/api/articles/{slug}/comments",
        json={"comment": {"body": "Thank you so much!", "id": 999, "author": "x"}},
        headers=reader.headers,
    )
    assert response.status_code == 200, response.text
    comment = response.json()["comment"]
    assert set(comment) == {"id", "createdAt", "updatedAt", "body", "author"}
    assert comment["body"] == "Thank you so much!"
    assert comment["id"] != 999, "the id is the server's to choose"
    assert comment["author"]["username"] == reader.username
    assert all(TIMESTAMP.match(comment[stamp]) for stamp in ("createdAt", "updatedAt"))
    second = await conduit.comment(author, slug, "You're welcome")
    listed = await conduit.comments(slug)
    assert [c["id"] for c in listed] == [comment["id"], second["id"]]
    assert listed[0] == comment


async def test_comments_work_anonymously_and_flag_following_for_a_viewer(
    conduit: Conduit,
) -> None:
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    await conduit.comment(author, slug)
    await conduit.follow(reader, author.username)
    (anonymous,) = await conduit.comments(slug)
    assert anonymous["author"]["following"] is False
    (seen,) = await conduit.comments(slug, reader)
    assert seen["author"]["following"] is True


async def test_deleting_ones_comment_answers_204_and_it_is_gone(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    kept, gone = await conduit.comment(author, slug), await conduit.comment(author, slug)
    response = await conduit.client.delete(
        f"/api/articles/{slug}/comments/{gone['id']}", headers=author.headers
    )
    assert response.status_code == 204, response.text
    assert [c["id"] for c in await conduit.comments(slug)] == [kept["id"]]


@sqlite_only
async def test_deleting_another_users_comment_answers_403_and_keeps_it(
    conduit: Conduit,
) -> None:
    """Not even the article's author may delete a reader's comment."""
    author, reader = await conduit.register(), await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    comment = await conduit.comment(reader, slug)
    response = await conduit.client.delete(
        f"/api/articles/{slug}/comments/{comment['id']}", headers=author.headers
    )
    assert response.status_code == 403, response.text
    assert errors_of(response) == {"comment": ["can only be changed by its author"]}
    assert await conduit.comments(slug) == [comment]


@sqlite_only
async def test_a_comment_of_another_article_answers_404_and_is_kept(conduit: Conduit) -> None:
    author = await conduit.register()
    here = (await conduit.create_article(author))["slug"]
    there = (await conduit.create_article(author))["slug"]
    comment = await conduit.comment(author, there)
    response = await conduit.client.delete(
        f"/api/articles/{here}/comments/{comment['id']}", headers=author.headers
    )
    assert response.status_code == 404, response.text
    assert errors_of(response) == {"comment": ["not found"]}
    assert await conduit.comments(there) == [comment]


@sqlite_only
@pytest.mark.parametrize(
    ("method", "path", "thing"),
    [
        pytest.param("GET", "/api/articles/missing/comments", "article", id="list"),
        pytest.param("POST", "/api/articles/missing/comments", "article", id="add"),
        pytest.param("DELETE", "/api/articles/missing/comments/1", "article", id="delete"),
        pytest.param("DELETE", "/api/articles/{slug}/comments/123456", "comment", id="comment"),
    ],
)
async def test_an_unknown_article_or_comment_answers_404(
    conduit: Conduit, method: str, path: str, thing: str
) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    response = await conduit.client.request(
        method,
        path.format(slug=slug),
        json={"comment": {"body": "Hi"}} if method == "POST" else None,
        headers=author.headers,
    )
    assert response.status_code == 404, response.text
    assert errors_of(response) == {thing: ["not found"]}


@sqlite_only
@pytest.mark.parametrize(
    ("comment", "field"),
    [
        pytest.param({}, "body", id="no-body"),
        pytest.param({"body": ""}, "body", id="empty-body"),
        pytest.param({"body": " \t\n"}, "body", id="blank-body"),
        pytest.param({"body": ["Hi"]}, "body", id="body-a-list"),
    ],
)
async def test_an_invalid_comment_answers_422_and_is_not_stored(
    conduit: Conduit, comment: dict[str, object], field: str
) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    response = await conduit.client.post(
        f"/api/articles/{slug}/comments", json={"comment": comment}, headers=author.headers
    )
    assert response.status_code == 422, response.text
    assert list(errors_of(response)) == [field]
    assert await conduit.comments(slug) == []


@sqlite_only
async def test_commenting_requires_sign_in(conduit: Conduit) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    response = await conduit.client.post(
        f"/api/articles/{slug}/comments", json={"comment": {"body": "Hi"}}
    )
    assert response.status_code == 401, response.text
    assert await conduit.comments(slug) == []


@pytest.mark.parametrize("comment_id", [2**31, 2**63, 10**30, 0, -1])
async def test_a_comment_id_no_column_can_hold_answers_404(
    conduit: Conduit, comment_id: int
) -> None:
    author = await conduit.register()
    slug = (await conduit.create_article(author))["slug"]
    response = await conduit.client.delete(
        f"/api/articles/{slug}/comments/{comment_id}", headers=author.headers
    )
    assert response.status_code == 404, response.text
    assert errors_of(response)
