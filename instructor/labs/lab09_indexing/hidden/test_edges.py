from labs.engine import check

# The library of the checks: the workspace's app on a few hundred random articles.
from labs.lab09_indexing.checks.library import Library
from labs.lab09_indexing.checks.library_fixture import small_library  # noqa: F401
from labs.lab09_indexing.checks.test_list_plans import expect_indexed
from labs.lab09_indexing.checks.test_queries_per_page import (
    PAGE_COST_MISTAKES,
    expect_as_many_queries,
)


@check(points=1, task="Indexes", rule="course", catches=["no_favorites_index"], inside=True)
def test_one_article_is_read_through_indexes(library: Library) -> None:
    """One article, its tags and its favorites count are found through indexes."""
    expect_indexed(
        library,
        f"/api/articles/{library.slugs[len(library.slugs) // 2]}",
        "counting an article's favorites needs an index that starts with article_id",
        in_order=False,
    )


@check(
    points=1,
    task="No N+1",
    rule="course",
    catches=PAGE_COST_MISTAKES,
    inside=True,
)
def test_the_feed_costs_as_many_queries_at_20_articles_as_at_2(library: Library) -> None:
    """A reader's feed costs as many queries at 20 articles as at 2."""
    expect_as_many_queries(library, "/api/articles/feed", library.readers[4].token)
