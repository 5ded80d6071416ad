import re

from labs.engine import (
    Api,
    check,
    dig,
    expect,
    expect_errors,
    expect_objects,
    expect_status,
    fresh,
)

SLUG = re.compile(r"[^\W_]+(-[^\W_]+)*")


@check(
    points=1,
    task="List articles",
    rule="contract",
    catches=["list_ignores_filters", "tags_not_saved"],
)
def test_tag_nobody_used_lists_nothing(api: Api) -> None:
    """GET /api/articles?tag=<a tag nobody used> answers an empty list and "articlesCount": 0."""
    used = fresh("used")
    article = api.create_article(api.register(), tagList=[used])
    listed = api.get(f"/api/articles?tag={used}")
    found = expect_objects(listed, "articles", hint="a list answers its articles as a list")
    expect(
        [dig(a, "slug") for a in found] == [article["slug"]],
        listed,
        f"the article {article['slug']!r}, the only one tagged {used!r}",
        "a tag in use lists its articles: an empty page is right only for a tag nobody used",
    )
    reply = api.get(f"/api/articles?tag={fresh('unused')}")
    expect(
        reply.status == 200
        and dig(reply.body, "articles") == []
        and dig(reply.body, "articlesCount") == 0,
        reply,
        'status 200, "articles": [] and "articlesCount": 0',
        "a filter that matches nothing is an empty page, not every article",
    )


@check(
    points=1,
    task="List articles",
    rule="contract",
    catches=["count_is_page_size", "list_ignores_filters"],
)
def test_page_past_the_end_is_empty_but_counts_all(api: Api) -> None:
    """?offset past the last article answers an empty page, and "articlesCount" still counts all."""
    author = api.register()
    for _ in range(2):
        api.create_article(author)
    reply = api.get(f"/api/articles?author={author.username}&limit=5&offset=5")
    expect(
        reply.status == 200
        and dig(reply.body, "articles") == []
        and dig(reply.body, "articlesCount") == 2,
        reply,
        'status 200, "articles": [] and "articlesCount": 2',
        "count every match with its own query: the count does not depend on the page",
    )


@check(
    points=1,
    task="Create articles",
    rule="course",
    catches=["missing_article_is_500", "slug_from_raw_title"],
)
def test_accented_title_gets_a_clean_slug(api: Api) -> None:
    """An article titled "Crème brûlée, à la carte!" gets the slug crème-brûlée-à-la-carte; an
    accented slug nobody has answers 404 naming the article."""
    author = api.register()
    title = f"Crème brûlée, à la carte! {fresh('')}"
    reply = api.post(
        "/api/articles", {"article": {"title": title, "description": "d", "body": "b"}},
        token=author.token,
    )  # fmt: skip
    expect_status(reply, 201, "creating an article must work before its slug can be checked")
    slug = str(dig(reply.body, "article", "slug"))
    expect(
        SLUG.fullmatch(slug) is not None and slug.startswith("crème-brûlée-à-la-carte-"),
        reply,
        'a slug of letters and digits joined by single dashes: "crème-brûlée-à-la-carte-..."',
        "make the slug with unique_slug(session, title): punctuation becomes one dash",
    )
    missing = api.get(f"/api/articles/cr%C3%A8me-br%C3%BBl%C3%A9e-{fresh('')}")
    expect_errors(missing, 404, "article", "any slug nobody has is a 404, whatever its letters")
