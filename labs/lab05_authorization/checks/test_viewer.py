from typing import Any

from labs.engine import Account, Api, check, dig, expect, fresh

from .follows import follow

Flags = tuple[object, object]  # ("following" of the author, "favorited"), None where not shown


def _listed(api: Api, path: str, token: str | None, slug: str) -> dict[str, Any]:
    articles = dig(api.get(path, token=token).body, "articles") or []
    return next((a for a in articles if isinstance(a, dict) and a.get("slug") == slug), {})


def _flags(api: Api, viewer: Account | None, slug: str, author: Account) -> dict[str, Flags]:
    """What `viewer` is told on every read path; the feed only for the reader who follows (no
    one else's feed holds the article)."""
    token = viewer.token if viewer else None
    single = dig(api.get(f"/api/articles/{slug}", token=token).body, "article") or {}
    listed = _listed(api, f"/api/articles?author={author.username}", token, slug)
    comments = dig(api.get(f"/api/articles/{slug}/comments", token=token).body, "comments")
    profile = api.get(f"/api/profiles/{author.username}", token=token).body
    flags: dict[str, Flags] = {
        "GET /api/articles/<slug>": (dig(single, "author", "following"), single.get("favorited")),
        "GET /api/articles?author=": (dig(listed, "author", "following"), listed.get("favorited")),
        "GET /api/profiles/<author>": (dig(profile, "profile", "following"), None),
        "GET .../comments (its author)": (dig((comments or [{}])[0], "author", "following"), None),
    }
    return flags


@check(
    points=2,
    task="Follow",
    rule="contract",
    catches=[
        "article_read_without_viewer",
        "favorite_for_the_author",
        "favorite_not_saved",
        "feed_joins_follows_without_the_author",
        "follow_not_saved",
        "follow_stored_backwards",
        "profile_read_without_viewer",
    ],
)
def test_following_and_favorited_are_the_viewers_own_on_every_path(api: Api) -> None:
    """The reader who follows and favorites sees it on every read path; someone else does not."""
    author, reader, bystander = api.register(), api.register(), api.register()
    slug = api.create_article(author)["slug"]
    comment = {"comment": {"body": fresh("comment ")}}
    api.post(f"/api/articles/{slug}/comments", comment, token=author.token)
    follow(api, reader, author)
    api.post(f"/api/articles/{slug}/favorite", token=reader.token)
    for viewer, wanted in ((reader, True), (bystander, False), (None, False)):
        flags = _flags(api, viewer, slug, author)
        if viewer is reader:
            feed = _listed(api, "/api/articles/feed?limit=100", reader.token, slug)
            flags["GET /api/articles/feed"] = (
                dig(feed, "author", "following"),
                feed.get("favorited"),
            )
        right = {(wanted, wanted), (wanted, None)}
        wrong = {path: got for path, got in flags.items() if got not in right}
        who = "anonymous" if viewer is None else ("the reader" if wanted else "someone else")
        expect(
            not wrong,
            api.get(f"/api/articles/{slug}", token=viewer.token if viewer else None),
            f'"following" and "favorited" {str(wanted).lower()} for {who} on every read path',
            f"wrong (following, favorited) for {who}: {wrong}. Both are the viewer's own: "
            "a Follow row (follower = the reader, followee = the author), a Favorite row "
            "(user = the reader, the article)",
        )
