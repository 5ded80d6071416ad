from collections.abc import Callable
from typing import Any

from labs.engine import Api, CheckFailed, Reply, check, dig, fresh

from .reads import CACHED, expect_ok, hits, new_tag, publish, read

TASK = "Invalidation"


def _warm(api: Api, *paths: str) -> None:
    """Read each path anonymously twice: whatever the app caches, it has cached it now."""
    for path in paths:
        for _ in range(2):
            read(api, path)


def _expect_fresh(
    reply: Reply, done: str, expected: str, holds: bool, hint: str, got: Any = None
) -> None:
    """Fail, telling the story, unless the anonymous read after the write shows it."""
    if not holds:
        raise CheckFailed(
            f"{done}; then {reply.request_line()} (anonymous)",
            expected,
            reply.summary() if got is None else f"{reply.status}, {got}",
            hint,
        )


def _slugs(reply: Reply) -> list[Any]:
    return [article.get("slug") for article in dig(reply.body, "articles") or []]


def _titles(reply: Reply) -> list[Any]:
    return [article.get("title") for article in dig(reply.body, "articles") or []]


@check(
    points=3,
    task=TASK,
    rule="contract",
    # A cache that does not cache is never stale: these are checked once it does.
    after=[CACHED],
    catches=[
        "edit_leaves_lists_stale",
        "edit_leaves_the_article_stale",
        "key_ignores_the_versions",
        "every_read_treated_as_signed_in",
    ],
)
def test_an_edited_article_is_read_as_edited_at_once(api: Api) -> None:
    """Right after an edit (a new title, so a new slug), the article, its author's list and its
    tag's list read anonymously show the edit, and the old slug is gone."""
    author, tag = api.register(), new_tag()
    slug = publish(api, author, tags=[tag], title="Before the edit")
    lists = (f"/api/articles?author={author.username}", f"/api/articles?tag={tag}")
    _warm(api, f"/api/articles/{slug}", *lists)
    edit = api.put(
        f"/api/articles/{slug}", {"article": {"title": "After the edit"}}, token=author.token
    )
    expect_ok(edit, "an article published", "its author may change its title")
    new_slug = dig(edit.body, "article", "slug")
    done = f"{slug} and its lists read anonymously (cached); its title edited"
    hint = (
        "made_stale: an updated Article makes stale LISTS and the versions of its old and new "
        "slugs (attrs.slug.history); entry_key files entries under those versions"
    )
    article = read(api, f"/api/articles/{new_slug}")
    title = dig(article.body, "article", "title")
    _expect_fresh(article, done, 'the title "After the edit"', title == "After the edit", hint)
    gone = read(api, f"/api/articles/{slug}")
    if slug != new_slug:
        _expect_fresh(gone, done, "404: the old slug names nothing now", gone.status == 404, hint)
    for path in lists:
        reply = read(api, path)
        _expect_fresh(
            reply,
            done,
            f'[{new_slug!r}], titled "After the edit"',
            _slugs(reply) == [new_slug] and _titles(reply) == ["After the edit"],
            hint,
            got=f"{_slugs(reply)} {_titles(reply)}",
        )


@check(
    points=3,
    task=TASK,
    rule="contract",
    # A cache that does not cache is never stale: these are checked once it does.
    after=[CACHED],
    catches=[
        "favorite_leaves_the_article_stale",
        "key_ignores_the_versions",
        "every_read_treated_as_signed_in",
    ],
)
def test_a_favorite_shows_at_once(api: Api) -> None:
    """Right after a favorite, the article and the favoriter's list read anonymously show it;
    after the unfavorite, both show it gone."""
    author, fan = api.register(), api.register()
    slug = publish(api, author)
    path, listed = f"/api/articles/{slug}", f"/api/articles?favorited={fan.username}"
    hint = "made_stale: a Favorite row makes stale LISTS and its article (_article_of)"
    for method, count in (("POST", 1), ("DELETE", 0)):
        _warm(api, path, listed)
        done = f"{path} and {listed} read anonymously (cached); {method} {path}/favorite"
        answer = api.request(method, f"{path}/favorite", token=fan.token)
        expect_ok(answer, "an article published", "favoriting and unfavoriting must work first")
        article = read(api, path)
        got = dig(article.body, "article", "favoritesCount")
        _expect_fresh(article, done, f'"favoritesCount": {count}', got == count, hint, got)
        reply = read(api, listed)
        wanted = [slug] * count
        _expect_fresh(reply, done, f"articles {wanted}", _slugs(reply) == wanted, hint)


@check(
    points=3,
    task=TASK,
    rule="contract",
    # A cache that does not cache is never stale: these are checked once it does.
    after=[CACHED],
    catches=[
        "new_tag_leaves_tags_stale",
        "delete_leaves_tags_stale",
        "key_ignores_the_versions",
        "every_read_treated_as_signed_in",
    ],
)
def test_the_tags_in_use_follow_the_articles_at_once(api: Api) -> None:
    """Right after an article with a new tag is published, the tags read anonymously list it;
    right after that article is deleted, they do not, and the article is gone."""
    author, tag = api.register(), new_tag()
    _warm(api, "/api/tags")
    slug = publish(api, author, tags=[tag])
    hint = (
        "made_stale: an ArticleTag row makes TAGS stale (and LISTS, and its article); a deleted "
        "Article takes its tags with it, so it makes TAGS stale too"
    )
    tags = read(api, "/api/tags")
    listed = tag in (dig(tags.body, "tags") or [])
    done = f"GET /api/tags read anonymously (cached); an article tagged {tag} published"
    _expect_fresh(tags, done, f"tags that hold {tag!r}", listed, hint, got="it is not there")
    _warm(api, "/api/tags", f"/api/articles/{slug}")
    gone = api.delete(f"/api/articles/{slug}", token=author.token)
    if gone.status not in (200, 204):
        raise CheckFailed(gone.request_line(), "204", gone.summary(), "deleting must work first")
    done = f"the tags and {slug} read anonymously (cached); the article deleted"
    tags = read(api, "/api/tags")
    listed = tag in (dig(tags.body, "tags") or [])
    _expect_fresh(tags, done, f"tags without {tag!r}", not listed, hint, got="it is still there")
    article = read(api, f"/api/articles/{slug}")
    _expect_fresh(article, done, "404: deleted", article.status == 404, hint)


@check(
    points=3,
    task=TASK,
    rule="contract",
    # A cache that does not cache is never stale: these are checked once it does.
    after=[CACHED],
    catches=[
        "profile_change_forgotten",
        "article_shown_without_its_author",
        "key_ignores_the_versions",
        "every_read_treated_as_signed_in",
    ],
)
def test_an_authors_new_profile_shows_in_their_articles_at_once(api: Api) -> None:
    """Right after an author changes their username and bio, their article and their list read
    anonymously show the new profile."""
    author = api.register()
    slug = publish(api, author)
    path = f"/api/articles/{slug}"
    _warm(api, path, f"/api/articles?author={author.username}")
    renamed = author.username + "x"
    change = {"user": {"username": renamed, "bio": f"bio of {renamed}"}}
    expect_ok(api.put("/api/user", change, token=author.token), "registered", "PUT /api/user")
    done = f"{path} read anonymously (cached); its author renamed to {renamed}"
    hint = (
        "made_stale: a User whose username, image or bio changed makes stale LISTS and "
        "ALL_ARTICLES; versions_shown: an article shows ALL_ARTICLES as well as its own slug"
    )
    article = read(api, path)
    shown = dig(article.body, "article", "author")
    got = (dig(shown, "username"), dig(shown, "bio")) if isinstance(shown, dict) else shown
    _expect_fresh(
        article,
        done,
        f"the author {renamed}, bio of {renamed}",
        got == (renamed, f"bio of {renamed}"),
        hint,
        got=f"author {got}",
    )
    listed = read(api, f"/api/articles?author={renamed}")
    _expect_fresh(listed, done, f"articles [{slug!r}]", _slugs(listed) == [slug], hint)


def _hit(api: Api, family: str, path: str) -> bool:
    before = hits(api, family)
    read(api, path)
    return hits(api, family) > before


@check(
    points=3,
    task=TASK,
    rule="course",
    catches=["every_write_forgets_everything", "every_read_treated_as_signed_in"],
)
def test_a_write_forgets_only_what_it_changed(api: Api) -> None:
    """A favorite of one article forgets that article and the lists, not another article nor
    the tags: those are still read from the cache."""
    author, fan = api.register(), api.register()
    first, second = publish(api, author, tags=[new_tag()]), publish(api, author)
    kept = (("article", f"/api/articles/{second}"), ("tags", "/api/tags"))
    _warm(api, f"/api/articles/{first}", *(path for _family, path in kept))
    favorite = api.post(f"/api/articles/{first}/favorite", token=fan.token)
    expect_ok(favorite, "an article published", "favoriting must work first")
    for family, path in kept:
        if not _hit(api, family, path):
            raise CheckFailed(
                f"{path} read anonymously (cached); POST /api/articles/{first}/favorite; "
                f"then GET {path} (anonymous)",
                f'a hit (conduit_cache_hits_total{{family="{family}"}} grows): nothing it '
                "shows changed",
                "a miss: the favorite forgot it",
                "made_stale: each row makes stale only what shows it (a Favorite: LISTS and "
                "its own article); forgetting everything is never stale, but never fast",
            )


@check(
    after=[CACHED],
    points=3,
    task=TASK,
    rule="course",
    catches=["every_write_forgets_everything", "every_read_treated_as_signed_in"],
)
def test_an_edit_a_new_article_and_a_new_password_forget_only_what_they_change(
    api: Api,
) -> None:
    """An edit of one article's body forgets neither another article nor the tags; a new
    tagged article forgets no other article; a password change forgets no article."""
    author, other = api.register(), api.register()
    edited = publish(api, author, tags=[new_tag()])
    kept = f"/api/articles/{publish(api, other)}"
    # What is done, the write, the reads it must leave cached (family, path), a hint.
    steps: list[tuple[str, Callable[[], Reply], tuple[tuple[str, str], ...], str]] = [
        (
            f"PUT /api/articles/{edited} (a new body)",
            lambda: api.put(
                f"/api/articles/{edited}", {"article": {"body": fresh("b")}}, token=author.token
            ),
            (("article", kept), ("tags", "/api/tags")),
            "an Article edited makes stale LISTS and its own slugs; TAGS only when deleted",
        ),
        (
            "POST /api/articles (tagged)",
            lambda: api.post(
                "/api/articles",
                {
                    "article": {
                        "title": fresh("T"),
                        "description": "d",
                        "body": "b",
                        "tagList": [new_tag()],
                    }
                },
                token=author.token,
            ),
            (("article", kept),),
            "a new Article and its ArticleTag rows make stale TAGS, LISTS and its own slug",
        ),
        (
            "PUT /api/user (a new password)",
            lambda: api.put("/api/user", {"user": {"password": fresh("pw-")}}, token=other.token),
            (("article", kept),),
            "a User whose username, image and bio did not change shows nothing new: set()",
        ),
    ]
    for done, write, reads, hint in steps:
        _warm(api, *(path for _family, path in reads))
        wrote = write()
        if wrote.status not in (200, 201):
            raise CheckFailed(wrote.request_line(), "200 or 201", wrote.summary(), "it must work")
        for family, path in reads:
            if not _hit(api, family, path):
                raise CheckFailed(
                    f"{path} read anonymously (cached); {done}; then GET {path} (anonymous)",
                    f'a hit (conduit_cache_hits_total{{family="{family}"}} grows): nothing '
                    "it shows changed",
                    "a miss: the write forgot it",
                    f"made_stale: {hint}",
                )
