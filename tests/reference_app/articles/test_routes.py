"""Articles: list, feed, read, write, delete, favorite; and the tags in use."""

from typing import Any

import pytest

from tests.reference_app.conftest import TIMESTAMP, Conduit, errors_of, sqlite_only

SUMMARY_KEYS = {
    "slug",
    "title",
    "description",
    "tagList",
    "createdAt",
    "updatedAt",
    "favorited",
    "favoritesCount",
    "author",
}


async def test_creating_an_article_answers_201_with_the_whole_article(conduit: Conduit) -> None:
    author = await conduit.register()
    sent = {
        "title": "How to train your dragon",
        "description": "Ever wonder how?",
        "body": "You have to believe",
        "tagList": ["training", "dragons", "angular"],
    }
    response = await conduit.client.post(
        "/api/articles", json={"article": sent}, headers=author.headers
    )
    assert response.status_code == 201, response.text
    article = response.json()["article"]
    assert set(article) == SUMMARY_KEYS | {"body"}
    assert article["slug"] == "how-to-train-your-dragon"
    assert (article["title"], article["description"], article["body"]) == (
        sent["title"],
        sent["description"],
        sent["body"],
    )
    assert article["tagList"] == ["angular", "dragons", "training"], "tagList comes back sorted"
    assert (article["favorited"], article["favoritesCount"]) == (False, 0)
    assert article["author"] == {
        "username": author.username,
        "bio": "",
        "image": "",
        "following": False,
    }
    for stamp in ("createdAt", "updatedAt"):
        assert TIMESTAMP.match(article[stamp]), f"{stamp} = {article[stamp]!r}"


async def test_two_articles_with_the_same_title_get_different_slugs(conduit: Conduit) -> None:
    author = await conduit.register()
    first = await conduit.create_article(author, title="Same title")
    second = await conduit.create_article(author, title="Same title")
    assert first["slug"] != second["slug"]
    assert (await conduit.article(first["slug"]))["body"] == first["body"]
    assert (await conduit.article(second["slug"]))["slug"] == second["slug"]


@sqlite_only
async def test_fields_a_client_does_not_own_are_ignored_on_create(conduit: Conduit) -> None:
    author, other = await conduit.register(), await conduit.register()
    sent = {
        "title": "Honest article",
        "description": "d",
        "body": "b",
        "slug": "chosen-slug",
        "id": 1,
        "author": {"username": other.username, "following": True},
        "createdAt": "2001-01-01T00:00:00.000Z",
        "updatedAt": "2001-01-01T00:00:00.000Z",
        "favoritesCount": 1000,
        "favorited": True,
    }
    response = await conduit.client.post(
        "/api/articles", json={"article": sent}, headers=author.headers
    )
    assert response.status_code == 201, response.text
    article = response.json()["article"]
    stored = await conduit.article(article["slug"], author)
    assert stored["slug"] == "honest-article"
    assert stored["author"]["username"] == author.username
    assert not stored["createdAt"].startswith("2001")
    assert not stored["updatedAt"].startswith("2001")
    assert (stored["favoritesCount"], stored["favorited"]) == (0, False)
    missing = await conduit.client.get("/api/articles/chosen-slug")
    assert missing.status_code == 404


@sqlite_only
async def test_a_single_article_includes_its_body_and_a_list_leaves_it_out(
    conduit: Conduit,
) -> None:
    author = await conduit.register()
    created = await conduit.create_article(author, body="The whole story")
    assert (await conduit.article(created["slug"]))["body"] == "The whole story"
    (listed,) = (await conduit.articles())["articles"]
    assert set(listed) == SUMMARY_KEYS, "spec 1.1.0: list items have no body"


async def test_articles_are_listed_newest_first(conduit: Conduit) -> None:
    author = await conduit.register()
    slugs = [(await conduit.create_article(author))["slug"] for _ in range(3)]
    listed = [article["slug"] for article in (await conduit.articles())["articles"]]
    assert listed == slugs[::-1]


async def test_limit_and_offset_page_through_all_matches(conduit: Conduit) -> None:
    author = await conduit.register()
    slugs = [(await conduit.create_article(author))["slug"] for _ in range(5)][::-1]
    pages = [await conduit.articles(limit=2, offset=offset) for offset in (0, 2, 4)]
    assert [[a["slug"] for a in page["articles"]] for page in pages] == [
        slugs[0:2],
        slugs[2:4],
        slugs[4:5],
    ]
    assert [page["articlesCount"] for page in pages] == [5, 5, 5], "count all, not the page"
    beyond = await conduit.articles(limit=2, offset=10)
    assert (beyond["articles"], beyond["articlesCount"]) == ([], 5)


async def test_articles_filter_by_tag_author_and_favorited(conduit: Conduit) -> None:
    alice, bob = await conduit.register(), await conduit.register()
    dragons = await conduit.create_article(alice, tagList=["dragons", "training"])
    cats = await conduit.create_article(bob, tagList=["cats"])
    untagged = await conduit.create_article(bob)
    await conduit.favorite(alice, cats["slug"])
    await conduit.favorite(alice, untagged["slug"])

    async def slugs(**params: Any) -> tuple[set[str], int]:
        page = await conduit.articles(**params)
        return {article["slug"] for article in page["articles"]}, page["articlesCount"]

    assert await slugs(tag="dragons") == ({dragons["slug"]}, 1)
    assert await slugs(author=bob.username) == ({cats["slug"], untagged["slug"]}, 2)
    assert await slugs(favorited=alice.username) == ({cats["slug"], untagged["slug"]}, 2)
    assert await slugs(favorited=bob.username) == (set(), 0)
    assert await slugs(author=bob.username, tag="cats") == ({cats["slug"]}, 1)
    assert await slugs(tag="nothing-has-it") == (set(), 0)
    assert await slugs(author="nobody") == (set(), 0)


async def test_lists_work_anonymously_and_flag_favorited_and_following_for_a_viewer(
    conduit: Conduit,
) -> None:
    author, reader = await conduit.register(), await conduit.register()
    article = await conduit.create_article(author)
    await conduit.favorite(reader, article["slug"])
    await conduit.follow(reader, author.username)
    (anonymous,) = (await conduit.articles())["articles"]
    assert (anonymous["favorited"], anonymous["author"]["following"]) == (False, False)
    assert anonymous["favoritesCount"] == 1
    (seen,) = (await conduit.articles(reader))["articles"]
    assert (seen["favorited"], seen["author"]["following"]) == (True, True)
    single = await conduit.article(article["slug"], reader)
    assert (single["favorited"], single["author"]["following"]) == (True, True)
    (by_author,) = (await conduit.articles(author))["articles"]
    assert (by_author["favorited"], by_author["author"]["following"]) == (False, False)


async def test_the_feed_holds_only_followed_authors_newest_first(conduit: Conduit) -> None:
    followed, ignored, reader = [await conduit.register() for _ in range(3)]
    older = await conduit.create_article(followed)
    await conduit.create_article(ignored)
    newer = await conduit.create_article(followed)
    await conduit.follow(reader, followed.username)
    response = await conduit.client.get(
        "/api/articles/feed", params={"limit": 1}, headers=reader.headers
    )
    assert response.status_code == 200, response.text
    feed = response.json()
    assert [article["slug"] for article in feed["articles"]] == [newer["slug"]]
    assert feed["articlesCount"] == 2
    assert feed["articles"][0]["author"]["following"] is True
    assert "body" not in feed["articles"][0]
    rest = await conduit.client.get(
        "/api/articles/feed", params={"offset": 1}, headers=reader.headers
    )
    assert [article["slug"] for article in rest.json()["articles"]] == [older["slug"]]


@sqlite_only
async def test_the_feed_requires_sign_in(conduit: Conduit) -> None:
    response = await conduit.client.get("/api/articles/feed")
    assert response.status_code == 401, response.text


async def test_updating_changes_what_was_sent_and_a_new_title_gives_a_new_slug(
    conduit: Conduit,
) -> None:
    author = await conduit.register()
    article = await conduit.create_article(author, title="Old title", tagList=["a", "b"])
    response = await conduit.client.put(
        f"/api/articles/{article['slug']}",
        json={"article": {"title": "New title", "tagList": ["c"], "favoritesCount": 9}},
        headers=author.headers,
    )
    assert response.status_code == 200, response.text
    updated = response.json()["article"]
    assert (updated["slug"], updated["title"], updated["tagList"]) == (
        "new-title",
        "New title",
        ["c"],
    )
    assert (updated["description"], updated["body"]) == (article["description"], article["body"])
    assert updated["favoritesCount"] == 0
    assert updated["createdAt"] == article["createdAt"]
    assert updated["updatedAt"] > article["updatedAt"]
    assert (await conduit.client.get(f"/api/articles/{article['slug']}")).status_code == 404
    assert (await conduit.article("new-title"))["body"] == article["body"]
    tags = (await conduit.client.get("/api/tags")).json()["tags"]
    assert tags == ["c"], "the old tags were replaced, not kept"


async def test_deleting_an_article_answers_204_and_it_is_gone(conduit: Conduit) -> None:
    author = await conduit.register()
    article = await conduit.create_article(author)
    response = await conduit.client.delete(
        f"/api/articles/{article['slug']}", headers=author.headers
    )
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert (await conduit.client.get(f"/api/articles/{article['slug']}")).status_code == 404
    assert (await conduit.articles())["articlesCount"] == 0


@sqlite_only
@pytest.mark.parametrize(
    ("method", "body"),
    [
        pytest.param("PUT", {"article": {"title": "Hijacked"}}, id="update"),
        pytest.param("DELETE", None, id="delete"),
    ],
)
async def test_changing_another_users_article_answers_403_and_changes_nothing(
    conduit: Conduit, method: str, body: dict[str, Any] | None
) -> None:
    author, intruder = await conduit.register(), await conduit.register()
    article = await conduit.create_article(author)
    response = await conduit.client.request(
        method, f"/api/articles/{article['slug']}", json=body, headers=intruder.headers
    )
    assert response.status_code == 403, response.text
    assert errors_of(response) == {"article": ["can only be changed by its author"]}
    assert await conduit.article(article["slug"]) == article


async def test_favoriting_answers_200_counts_once_per_user_and_unfavoriting_undoes_it(
    conduit: Conduit,
) -> None:
    author, fan, other_fan = [await conduit.register() for _ in range(3)]
    slug = (await conduit.create_article(author))["slug"]
    first = await conduit.favorite(fan, slug)
    assert (first["favorited"], first["favoritesCount"]) == (True, 1)
    again = await conduit.favorite(fan, slug)
    assert again["favoritesCount"] == 1, "favoriting twice counts once"
    assert (await conduit.favorite(other_fan, slug))["favoritesCount"] == 2
    response = await conduit.client.delete(f"/api/articles/{slug}/favorite", headers=fan.headers)
    assert response.status_code == 200, response.text
    undone = response.json()["article"]
    assert (undone["favorited"], undone["favoritesCount"]) == (False, 1)
    assert "body" in undone


@sqlite_only
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        pytest.param("GET", "/api/articles/missing", None, id="get"),
        pytest.param("PUT", "/api/articles/missing", {"article": {"title": "t"}}, id="update"),
        pytest.param("DELETE", "/api/articles/missing", None, id="delete"),
        pytest.param("POST", "/api/articles/missing/favorite", None, id="favorite"),
        pytest.param("DELETE", "/api/articles/missing/favorite", None, id="unfavorite"),
    ],
)
async def test_an_unknown_article_answers_404(
    conduit: Conduit, method: str, path: str, body: dict[str, Any] | None
) -> None:
    account = await conduit.register()
    response = await conduit.client.request(method, path, json=body, headers=account.headers)
    assert response.status_code == 404, response.text
    assert errors_of(response) == {"article": ["not found"]}


async def test_tags_lists_each_tag_in_use_once_sorted(conduit: Conduit) -> None:
    author = await conduit.register()
    assert (await conduit.client.get("/api/tags")).json() == {"tags": []}
    await conduit.create_article(author, tagList=["zebra", "apple"])
    await conduit.create_article(author, tagList=["apple", "mango", " mango "])
    response = await conduit.client.get("/api/tags")
    assert response.status_code == 200, response.text
    assert response.json() == {"tags": ["apple", "mango", "zebra"]}


async def test_tags_are_kept_as_written_and_sorted_the_same_on_every_database(
    conduit: Conduit,
) -> None:
    """Sorted means the same order everywhere: by code point, as Python sorts."""
    author = await conduit.register()
    article = await conduit.create_article(author, tagList=["python", "Python", "Zope", "apple"])
    expected = ["Python", "Zope", "apple", "python"]
    assert article["tagList"] == expected
    assert (await conduit.article(article["slug"]))["tagList"] == expected
    assert (await conduit.articles())["articles"][0]["tagList"] == expected
    assert (await conduit.client.get("/api/tags")).json()["tags"] == expected


async def test_a_slug_is_found_only_as_it_was_given(conduit: Conduit) -> None:
    """On every database: MariaDB's default collation alone would find `My-Slug` as `my-slug`."""
    author = await conduit.register()
    slug = (await conduit.create_article(author, title="Mixed Case"))["slug"]
    assert slug == slug.lower()
    response = await conduit.client.get(f"/api/articles/{slug.upper()}")
    assert response.status_code == 404, response.text


@pytest.mark.parametrize("offset", [10**30, 2**63, 2**31])
async def test_an_offset_past_any_table_answers_422_not_500(conduit: Conduit, offset: int) -> None:
    response = await conduit.client.get("/api/articles", params={"offset": offset})
    assert response.status_code == 422, response.text
    assert list(errors_of(response)) == ["offset"]
