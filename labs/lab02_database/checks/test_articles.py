from typing import Any

from labs.engine import Account, Api, Reply, check, dig, expect, expect_status


def _by_author(api: Api, author: Account, query: str = "") -> Reply:
    return api.get(f"/api/articles?author={author.username}{query}")


def _slugs(reply: Reply) -> list[Any]:
    return [a.get("slug") for a in dig(reply.body, "articles") or [] if isinstance(a, dict)]


@check(
    points=2,
    task="Create articles",
    rule="contract",
    catches=["user_not_saved", "tags_not_saved"],
    after=["registered_user_is_stored"],
)
def test_created_article_comes_back_whole(api: Api) -> None:
    """POST /api/articles answers 201 with the article: its fields and its tags, sorted."""
    author = api.register()
    sent = {"title": "Dragons", "description": "how to", "body": "train", "tagList": ["b", "a"]}
    reply = api.post("/api/articles", {"article": sent}, token=author.token)
    expect_status(reply, 201, "create_article must store the article and return it")
    article = dig(reply.body, "article") or {}
    expect(
        article.get("body") == "train" and article.get("tagList") == ["a", "b"],
        reply,
        'the article with "body": "train" and "tagList": ["a", "b"]',
        "tags live in their own table: call set_tags(...) once the article has an id",
    )


@check(
    points=2,
    task="List articles",
    rule="contract",
    catches=["user_not_saved", "list_ignores_filters"],
    after=["registered_user_is_stored"],
)
def test_created_article_is_listed_under_its_author(api: Api) -> None:
    """GET /api/articles?author=<name> lists exactly that author's article, and counts it."""
    author = api.register()
    article = api.create_article(author)
    reply = _by_author(api, author)
    expect(
        reply.status == 200 and _slugs(reply) == [article["slug"]],
        reply,
        f'articles [{article["slug"]!r}] and "articlesCount": 1',
        "apply filters.conditions() to both the count and the page",
    )
    expect_status(reply, 200, "")
    expect(dig(reply.body, "articlesCount") == 1, reply, '"articlesCount": 1', "count the matches")


@check(
    points=1,
    task="List articles",
    rule="contract",
    catches=["user_not_saved", "list_oldest_first", "list_ignores_filters"],
    after=["registered_user_is_stored"],
)
def test_articles_are_listed_newest_first(api: Api) -> None:
    """Lists show the newest article first."""
    author = api.register()
    slugs = [api.create_article(author)["slug"] for _ in range(3)]
    reply = _by_author(api, author)
    expect(
        _slugs(reply) == slugs[::-1],
        reply,
        f"the slugs in the order {slugs[::-1]}",
        "order by created_at descending (then id descending, for ties)",
    )


@check(
    points=2,
    task="List articles",
    rule="contract",
    catches=[
        "user_not_saved",
        "pagination_off_by_one",
        "count_is_page_size",
        "list_ignores_filters",
        "list_oldest_first",
    ],
    after=["registered_user_is_stored"],
)
def test_pages_follow_limit_and_offset(api: Api) -> None:
    """?limit=2&offset=1 gives the 2nd and 3rd newest articles, and "articlesCount" counts all."""
    author = api.register()
    slugs = [api.create_article(author)["slug"] for _ in range(4)]
    reply = _by_author(api, author, "&limit=2&offset=1")
    expect(
        _slugs(reply) == [slugs[2], slugs[1]],
        reply,
        f"the slugs {[slugs[2], slugs[1]]}",
        "offset is how many to skip, limit how many to return: .limit(limit).offset(offset)",
    )
    expect(
        dig(reply.body, "articlesCount") == 4,
        reply,
        '"articlesCount": 4 (all matches, not the page size)',
        "count with a separate query, before limit and offset",
    )


@check(
    points=2,
    task="Update articles",
    rule="contract",
    catches=["user_not_saved", "slug_kept_on_title_change"],
    after=["registered_user_is_stored"],
)
def test_update_changes_title_and_slug(api: Api) -> None:
    """PUT /api/articles/<slug> with a new title answers the new title and a new slug."""
    author = api.register()
    old = api.create_article(author)
    reply = api.put(
        f"/api/articles/{old['slug']}", {"article": {"title": "Renamed"}}, token=author.token
    )
    expect_status(reply, 200, "update_article must apply the changes it is given")
    article = dig(reply.body, "article") or {}
    expect(
        article.get("title") == "Renamed" and str(article.get("slug", "")).startswith("renamed"),
        reply,
        'the article with "title": "Renamed" and a slug starting "renamed"',
        "a new title gives a new slug: unique_slug(session, title)",
    )


@check(
    points=1,
    task="Update articles",
    rule="contract",
    catches=["user_not_saved", "update_clears_tags", "tags_not_saved"],
    after=["registered_user_is_stored"],
)
def test_update_keeps_what_was_not_sent(api: Api) -> None:
    """An update that sends only a body keeps the title, description and tags."""
    author = api.register()
    old = api.create_article(author, tagList=["kept"])
    reply = api.put(
        f"/api/articles/{old['slug']}", {"article": {"body": "new"}}, token=author.token
    )
    article = dig(reply.body, "article") or {}
    expect(
        reply.status == 200
        and article.get("body") == "new"
        and article.get("title") == old["title"]
        and article.get("tagList") == ["kept"],
        reply,
        f'status 200, "body": "new", "title": {old["title"]!r}, "tagList": ["kept"]',
        "replace the tags only when tagList was sent (None means not sent)",
    )


@check(
    points=2,
    task="Delete articles",
    rule="contract",
    catches=["user_not_saved", "article_not_deleted", "list_ignores_filters"],
    after=["registered_user_is_stored"],
)
def test_deleted_article_is_gone(api: Api) -> None:
    """DELETE /api/articles/<slug> answers 204, and the article is no longer listed."""
    author = api.register()
    article = api.create_article(author)
    reply = api.delete(f"/api/articles/{article['slug']}", token=author.token)
    expect_status(reply, 204, "delete_article must delete the row")
    listed = _by_author(api, author)
    expect(
        _slugs(listed) == [] and dig(listed.body, "articlesCount") == 0,
        listed,
        'no articles and "articlesCount": 0 after the delete',
        "await session.delete(article), then flush",
    )
