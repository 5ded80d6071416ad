from labs.engine import check

# The library of the checks: the workspace's app on a few hundred random articles.
from labs.lab09_indexing.checks.library import Library, expect_own_tags
from labs.lab09_indexing.checks.library_fixture import small_library  # noqa: F401

URL = "/api/articles?tag=tag1&limit=20"  # a page of articles that all have tags, most several


@check(
    points=1,
    task="No N+1",
    rule="contract",
    catches=["tags_on_the_wrong_article", "tags_overwritten"],
    inside=True,
)
def test_each_article_of_a_page_shows_its_own_tags(library: Library) -> None:
    """Each article of a page shows exactly the tags it has, all of them."""
    expect_own_tags(
        library, URL, "give each (article_id, tag) row to tags[article_id], adding to its list"
    )
