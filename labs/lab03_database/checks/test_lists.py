from typing import Any

from labs.engine import Account, Api, Reply, check, dig, expect


def _list(api: Api, query: str) -> Reply:
    return api.get(f"/api/articles?{query}")


def _slugs(reply: Reply) -> list[Any]:
    articles = dig(reply.body, "articles")
    if not isinstance(articles, list):
        return []
    return [dig(article, "slug") for article in articles]


def _expect_page(reply: Reply, slugs: list[str], count: int, hint: str) -> None:
    expect(
        reply.status == 200
        and _slugs(reply) == slugs
        and dig(reply.body, "articlesCount") == count,
        reply,
        f'status 200, the articles {slugs} in that order and "articlesCount": {count}',
        hint,
    )


def _by(author: Account) -> str:
    return f"author={author.username}"


@check(
    points=2,
    task="List articles",
    rule="contract",
    catches=["list_ignores_filters"],
)
def test_created_article_is_listed_under_its_author(api: Api) -> None:
    """GET /api/articles?author=<name> lists exactly that author's article, and counts it."""
    author = api.register()
    article = api.create_article(author)
    reply = _list(api, _by(author))
    _expect_page(
        reply, [article["slug"]], 1, "apply filters.conditions() to the count and the page"
    )


@check(
    points=1,
    task="List articles",
    rule="contract",
    catches=["list_ignores_filters", "list_oldest_first"],
)
def test_articles_are_listed_newest_first(api: Api) -> None:
    """Lists show the newest article first."""
    author = api.register()
    slugs = [api.create_article(author)["slug"] for _ in range(3)]
    reply = _list(api, _by(author))
    _expect_page(reply, slugs[::-1], 3, "order by created_at descending (then id descending)")


@check(
    points=2,
    task="List articles",
    rule="contract",
    catches=[
        "count_is_page_size",
        "list_ignores_filters",
        "list_oldest_first",
        "pagination_off_by_one",
    ],
)
def test_pages_follow_limit_and_offset(api: Api) -> None:
    """?limit=2&offset=1 gives the 2nd and 3rd newest articles, and "articlesCount" counts all."""
    author = api.register()
    slugs = [api.create_article(author)["slug"] for _ in range(4)]
    reply = _list(api, f"{_by(author)}&limit=2&offset=1")
    _expect_page(
        reply,
        [slugs[2], slugs[1]],
        4,
        "offset skips, limit keeps; count all matches with their own query, before the page",
    )


@check(
    points=1,
    task="List articles",
    rule="contract",
    catches=[
        "filters_combined_with_or",
        "list_ignores_filters",
        "tags_not_saved",
    ],
)
def test_tag_and_author_filters_combine(api: Api) -> None:
    """?tag=<t>&author=<a> lists only a's articles tagged t (both filters hold at once)."""
    one, other = api.register(), api.register()
    tag = f"t{one.username}"
    tagged = api.create_article(one, tagList=[tag])
    api.create_article(one)
    api.create_article(other, tagList=[tag])
    reply = _list(api, f"tag={tag}&{_by(one)}")
    _expect_page(reply, [tagged["slug"]], 1, "every filter narrows the list: where(*conditions)")
