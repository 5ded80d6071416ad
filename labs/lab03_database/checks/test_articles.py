import time
from datetime import UTC, datetime, timedelta
from typing import Any

from labs.engine import (
    Account,
    Api,
    Reply,
    check,
    dig,
    expect,
    expect_object,
    expect_objects,
    expect_status,
    fresh,
)


def _article(reply: Reply, hint: str) -> dict[str, Any]:
    return expect_object(reply, "article", hint=hint)


def _listed(api: Api, author: Account) -> Reply:
    """The author's articles, read back through the list (this lab's own query)."""
    return api.get(f"/api/articles?author={author.username}")


def _by_slug(reply: Reply) -> dict[Any, dict[str, Any]]:
    """The articles of a list by their slug ({} when the body holds no list)."""
    articles = dig(reply.body, "articles")
    if not isinstance(articles, list):
        return {}
    return {a.get("slug"): a for a in articles if isinstance(a, dict)}


def _when(value: Any) -> datetime | None:
    """An ISO 8601 timestamp as a datetime, or None when it is not one."""
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def _wait_until_after(moment: datetime) -> None:
    """Wait for the clock to pass `moment` (by a few ms), so that "later" can be told apart."""
    target = moment.astimezone(UTC) + timedelta(milliseconds=5)
    for _ in range(2000):
        if datetime.now(UTC) > target:
            return
        time.sleep(0.001)


@check(
    points=2,
    task="Create articles",
    rule="contract",
    catches=["tags_not_saved"],
)
def test_created_article_comes_back_whole(api: Api) -> None:
    """POST /api/articles answers 201 with the article: its fields and its tags, sorted."""
    author = api.register()
    title, body, tags = fresh("Dragons "), fresh("train "), [fresh("b"), fresh("a")]
    sent = {"title": title, "description": fresh("how "), "body": body, "tagList": tags}
    reply = api.post("/api/articles", {"article": sent}, token=author.token)
    expect_status(reply, 201, "create_article must store the article and return it")
    article = _article(reply, "answer the new article")
    expect(
        article.get("title") == title
        and article.get("body") == body
        and article.get("tagList") == sorted(tags),
        reply,
        f'the article with "title": {title!r}, "body": {body!r}, "tagList": {sorted(tags)}',
        "tags live in their own table: call set_tags(...) once the article has an id",
    )


@check(
    points=2,
    task="Update articles",
    rule="contract",
    catches=["slug_kept_on_title_change"],
)
def test_update_changes_title_and_slug(api: Api) -> None:
    """PUT /api/articles/<slug> with a new title answers the new title and a new slug."""
    author = api.register()
    old = api.create_article(author)
    title = fresh("Renamed ")
    reply = api.put(
        f"/api/articles/{old['slug']}", {"article": {"title": title}}, token=author.token
    )
    expect_status(reply, 200, "update_article must apply the changes it is given")
    article = _article(reply, "answer the changed article")
    start = title.lower().replace(" ", "-")
    expect(
        article.get("title") == title and str(article.get("slug", "")).startswith(start),
        reply,
        f'the article with "title": {title!r} and a slug starting {start!r}',
        "a new title gives a new slug: unique_slug(session, title)",
    )


@check(
    points=1,
    task="Update articles",
    rule="contract",
    catches=["tags_not_saved", "update_clears_tags"],
)
def test_update_keeps_what_was_not_sent(api: Api) -> None:
    """An update that sends only a body keeps the title, description and tags."""
    author = api.register()
    tag = fresh("kept")
    old = api.create_article(author, tagList=[tag])
    body = fresh("new ")
    reply = api.put(f"/api/articles/{old['slug']}", {"article": {"body": body}}, token=author.token)
    article = dig(reply.body, "article") or {}
    expect(
        reply.status == 200
        and article.get("body") == body
        and article.get("title") == old["title"]
        and article.get("tagList") == [tag],
        reply,
        f'status 200, "body": {body!r}, "title": {old["title"]!r}, "tagList": [{tag!r}]',
        "replace the tags only when tagList was sent (None means not sent)",
    )


@check(
    points=1,
    task="Update articles",
    rule="contract",
    catches=["update_adds_tags_to_old_ones"],
)
def test_update_replaces_the_tags(api: Api) -> None:
    """An update that sends a tagList replaces the tags: the old ones it leaves out are gone."""
    author = api.register()
    kept, gone, new = fresh("kept"), fresh("gone"), fresh("new")
    old = api.create_article(author, tagList=[kept, gone])
    path = f"/api/articles/{old['slug']}"
    api.put(path, {"article": {"tagList": [new, kept]}}, token=author.token)
    reply = _listed(api, author)
    expect(
        _by_slug(reply).get(old["slug"], {}).get("tagList") == sorted([kept, new]),
        reply,
        f'status 200 and "tagList": {sorted([kept, new])}',
        "the tagList sent is the whole new list: remove the tags it leaves out",
    )


@check(
    points=1,
    task="Update articles",
    rule="contract",
    catches=["updated_at_not_stamped"],
)
def test_update_stamps_updated_at(api: Api) -> None:
    """An update moves "updatedAt" forward and leaves "createdAt" as it was."""
    author = api.register()
    old = api.create_article(author)
    created, updated = _when(old.get("createdAt")), _when(old.get("updatedAt"))
    if created is not None:
        _wait_until_after(max(created, updated or created))
    path = f"/api/articles/{old['slug']}"
    api.put(path, {"article": {"body": fresh("changed ")}}, token=author.token)
    reply = _listed(api, author)
    article = _by_slug(reply).get(old["slug"], {})
    now_updated = _when(article.get("updatedAt"))
    expect(
        created is not None
        and updated is not None
        and now_updated is not None
        and article.get("createdAt") == old.get("createdAt")
        and now_updated > max(created, updated),
        reply,
        f'"createdAt": {old.get("createdAt")!r} and an "updatedAt" later than '
        f"{old.get('updatedAt')!r}",
        "stamp article.updated_at = utc_now() whenever the article changes",
    )


@check(
    points=1,
    task="Update articles",
    rule="contract",
    catches=["renamed_slug_not_unique"],
)
def test_two_articles_renamed_to_one_title_keep_two_slugs(api: Api) -> None:
    """Two articles renamed to the same title both answer 200, each with a slug of its own."""
    author = api.register()
    first, second = api.create_article(author), api.create_article(author)
    title = fresh("Same title ")
    slugs = []
    for old in (first, second):
        reply = api.put(
            f"/api/articles/{old['slug']}", {"article": {"title": title}}, token=author.token
        )
        expect_status(reply, 200, "renaming to a title another article has must work too")
        slugs.append(dig(reply.body, "article", "slug"))
    listed = _by_slug(reply := _listed(api, author))
    expect(
        slugs[0] != slugs[1] and all(listed.get(slug, {}).get("title") == title for slug in slugs),
        reply,
        f"two different slugs, each reading back an article titled {title!r} (got {slugs})",
        "a new title's slug must be unique too: unique_slug(session, title), not slugify(title)",
    )


@check(
    points=1,
    task="Update articles",
    rule="course",
    catches=["slug_renewed_on_every_save"],
)
def test_saving_the_same_title_keeps_the_slug(api: Api) -> None:
    """An update that sends the title the article already has keeps its slug (links stay valid)."""
    author = api.register()
    old = api.create_article(author)
    reply = api.put(
        f"/api/articles/{old['slug']}",
        {"article": {"title": old["title"], "body": fresh("edited ")}},
        token=author.token,
    )
    expect(
        reply.status == 200 and dig(reply.body, "article", "slug") == old["slug"],
        reply,
        f"status 200 and the slug {old['slug']!r}, unchanged",
        "give a new slug only when the title's slug changes: an edit form sends the title "
        "every time, and links to the article must keep working",
    )


@check(
    points=2,
    task="Delete articles",
    rule="contract",
    catches=["article_not_deleted", "list_ignores_filters"],
)
def test_deleted_article_is_gone(api: Api) -> None:
    """DELETE /api/articles/<slug> answers 204, and the article listed before is listed no more."""
    author = api.register()
    article = api.create_article(author)
    before = api.get(f"/api/articles?author={author.username}")
    listed = expect_objects(before, "articles", hint="a list answers its articles as a list")
    expect(
        [dig(a, "slug") for a in listed] == [article["slug"]]
        and dig(before.body, "articlesCount") == 1,
        before,
        f'the article {article["slug"]!r} listed under its author, "articlesCount": 1',
        "the list must show the article before its deletion can be seen: select the "
        "articles WHERE the author is the one asked for",
    )
    reply = api.delete(f"/api/articles/{article['slug']}", token=author.token)
    expect_status(reply, 204, "delete_article must delete the row")
    listed = api.get(f"/api/articles?author={author.username}")
    expect(
        dig(listed.body, "articles") == [] and dig(listed.body, "articlesCount") == 0,
        listed,
        'no articles and "articlesCount": 0 after the delete',
        "await session.delete(article), then flush",
    )


@check(
    points=1,
    task="Delete articles",
    rule="contract",
    catches=[
        "article_not_deleted",
        "delete_article_deletes_all_by_author",
        "list_ignores_filters",
    ],
)
def test_deleting_one_article_keeps_the_others(api: Api) -> None:
    """Deleting one of an author's two articles leaves the other listed."""
    author = api.register()
    kept, deleted = api.create_article(author), api.create_article(author)
    api.delete(f"/api/articles/{deleted['slug']}", token=author.token)
    reply = _listed(api, author)
    expect(
        list(_by_slug(reply)) == [kept["slug"]],
        reply,
        f"the author's list holding the article {kept['slug']!r}, and only it",
        "delete the one article you were given, not every row like it",
    )
