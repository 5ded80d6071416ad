"""The answer checks of the scenarios pass a right answer and name what is wrong in a wrong one."""

from typing import Any

import pytest

from loadtests.labs import expect

AUTHOR = {"username": "ann", "bio": "", "image": "", "following": True}


def an_article(**changes: Any) -> dict[str, Any]:
    return {
        "slug": "a-title", "title": "A title", "description": "d", "body": "b",
        "tagList": ["a", "b"], "createdAt": "2026-01-02T00:00:00.000Z",
        "updatedAt": "2026-01-02T00:00:00.000Z", "favorited": False, "favoritesCount": 0,
        "author": AUTHOR,
    } | changes  # fmt: skip


def a_page(*articles: dict[str, Any], count: int | None = None) -> dict[str, Any]:
    return {"articles": list(articles), "articlesCount": len(articles) if count is None else count}


def test_right_answers_pass() -> None:
    older = an_article(slug="older", createdAt="2026-01-01T00:00:00.000Z")
    assert expect.article({"article": an_article()}, slug="a-title", author="ann") is None
    assert expect.article_list(a_page(an_article(), older), limit=10, tag="a", count=2) is None
    assert expect.article_list(a_page(an_article()), limit=10, following=True) is None
    assert expect.errors({"errors": {"title": ["can't be blank"]}}, field="title") is None
    assert expect.tags({"tags": ["a", "b"]}, including=["a"]) is None
    assert expect.profile({"profile": AUTHOR}, username="ann", following=True) is None


@pytest.mark.parametrize(
    ("answer", "wanted", "problem"),
    [
        ({"article": an_article(slug="old")}, {"slug": "new"}, "'slug' is 'old', expected 'new'"),
        ({"article": an_article(tagList=[])}, {"tagList": ["x"]}, "'tagList' is [], expected"),
        ({"article": an_article(tagList=["b", "a"])}, {}, "is not sorted"),
        ({"article": an_article(favoritesCount="1")}, {}, "'favoritesCount' is '1', not a int"),
        (an_article(), {}, "not wrapped in {'article'"),
        ({"article": an_article(body=None)}, {}, "'body' is None"),
    ],
    ids=["stale slug", "tags wiped", "tags unsorted", "count as text", "unwrapped", "no body"],
)
def test_a_wrong_article_is_named(answer: Any, wanted: dict[str, Any], problem: str) -> None:
    found = expect.article(answer, **wanted)

    assert problem in (found or ""), f"expected {problem!r}, got {found!r}"


@pytest.mark.parametrize(
    ("page", "filters", "problem"),
    [
        (a_page(an_article(), count=10), {"count": 2}, "articlesCount is 10, expected 2"),
        (a_page(an_article(tagList=["z"])), {"tag": "a"}, "in the list of tag 'a'"),
        (
            a_page(an_article(slug="old", createdAt="2025-01-01T00:00:00.000Z"), an_article()),
            {},
            "not newest first",
        ),
        (a_page(*[an_article()] * 3), {"limit": 2}, "3 articles on a page of limit=2"),
        (a_page(an_article(author=AUTHOR | {"following": False})), {"following": True}, "author"),
        (a_page(an_article(), count=0), {}, "expected at least 1"),
    ],
    ids=[
        "miscounted",
        "filter ignored",
        "oldest first",
        "limit ignored",
        "not followed",
        "count<page",
    ],
)
def test_a_wrong_list_is_named(page: Any, filters: dict[str, Any], problem: str) -> None:
    found = expect.article_list(page, **({"limit": 10} | filters))

    assert problem in (found or ""), f"expected {problem!r}, got {found!r}"


def test_an_error_must_name_its_field_in_the_envelope() -> None:
    assert "do not name 'email'" in (
        expect.errors({"errors": {"body": ["bad"]}}, field="email") or ""
    )
    assert "not wrapped" in (expect.errors({"message": "bad"}, field="email") or "")
    assert "list of messages" in (expect.errors({"errors": {"email": "bad"}}, field="email") or "")
