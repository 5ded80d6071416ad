from labs.engine import CheckFailed, check

# The library of the checks: the workspace's app on a few hundred random articles.
from labs.lab09_indexing.checks.library import Library
from labs.lab09_indexing.checks.library_fixture import small_library  # noqa: F401
from labs.lab09_indexing.checks.plans import problems, reads_of

RULE = "course"  # the RealWorld contract says what a list holds, never how it is read


def expect_indexed(
    library: Library,
    url: str,
    hint: str,
    *,
    in_order: bool,
    newest_first_walk: bool = False,
    token: str = "",
) -> None:
    """Fail, showing each wrong statement and its plan, unless every SELECT of `GET url` is
    read through indexes (and, where `in_order`, in the list's order with no sort)."""
    wrong = list(
        problems(
            reads_of(library, url, token), in_order=in_order, newest_first_walk=newest_first_walk
        )
    )
    if wrong:
        raise CheckFailed(
            f"GET {url}" + (" (signed in)" if token else "") + f", {len(library.slugs)} articles",
            "every SELECT it sends finds its rows through an index (SEARCH), with no SCAN of a "
            "whole table or index" + (" and no sort (TEMP B-TREE)" if in_order else ""),
            "\n          ".join(wrong),
            hint,
        )


@check(
    points=1,
    task="Indexes",
    rule=RULE,
    catches=["no_newest_first_index", "no_favorites_index"],
    inside=True,
)
def test_newest_first_is_read_in_order_from_an_index(library: Library) -> None:
    """The list of every article, newest first, is read in that order from an index: no sort."""
    expect_indexed(
        library,
        "/api/articles?limit=10",
        "an index on articles (created_at, id) holds them newest first; and counting each "
        "article's favorites needs one on favorites (article_id)",
        in_order=True,
        newest_first_walk=True,
    )


@check(
    points=2,
    task="Indexes",
    rule=RULE,
    catches=["no_tag_index", "tags_indexed_by_article", "no_favorites_index"],
    inside=True,
)
def test_a_tags_articles_are_found_through_an_index(library: Library) -> None:
    """The articles of a tag are found from the tag, through an index."""
    expect_indexed(
        library,
        "/api/articles?tag=tag5",
        "the key of article_tags starts with article_id: an index that starts with the tag "
        "finds a tag's rows",
        in_order=False,
    )


@check(
    points=2,
    task="Indexes",
    rule=RULE,
    catches=["author_index_without_order", "no_favorites_index"],
    inside=True,
)
def test_an_authors_articles_come_in_order_from_an_index(library: Library) -> None:
    """An author's articles, newest first, are read in that order from an index: no sort."""
    author = library.readers[0].username
    expect_indexed(
        library,
        f"/api/articles?author={author}",
        "an index on articles (author_id, created_at, id) finds an author's articles already "
        "newest first; one on author_id alone finds them, then sorts them",
        in_order=True,
    )


@check(points=1, task="Indexes", rule=RULE, catches=["no_favorites_index"], inside=True)
def test_a_readers_favorites_are_read_through_indexes(library: Library) -> None:
    """The articles a reader favorited are found, and their favorites counted, through indexes."""
    fan = library.readers[1].username
    expect_indexed(
        library,
        f"/api/articles?favorited={fan}",
        "the key of favorites (user_id, article_id) finds a user's favorites; counting an "
        "article's favorites needs an index that starts with article_id",
        in_order=False,
    )


@check(points=1, task="Indexes", rule=RULE, catches=["no_favorites_index"], inside=True)
def test_the_feed_is_read_through_indexes(library: Library) -> None:
    """A reader's feed is found and counted through indexes, from the authors they follow."""
    reader = library.readers[2]
    expect_indexed(
        library,
        "/api/articles/feed?limit=10",
        "the followed authors' articles are found through an index that starts with author_id "
        "(or walked newest first through (created_at, id) until the page is full), and each "
        "one's favorites counted through one that starts with article_id",
        in_order=False,
        newest_first_walk=True,
        token=reader.token,
    )


@check(points=2, task="Indexes", rule=RULE, catches=["comment_index_in_wrong_order"], inside=True)
def test_an_articles_comments_come_in_order_from_an_index(library: Library) -> None:
    """An article's comments, oldest first, are read in that order from an index: no sort."""
    expect_indexed(
        library,
        f"/api/articles/{library.commented}/comments",
        "an index's first column must be the one the query gives (article_id); then the order "
        "(created_at, id) comes with it",
        in_order=True,
    )
