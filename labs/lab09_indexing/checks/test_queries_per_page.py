from labs.engine import CheckFailed, check

# The library of the checks: the workspace's app on a few hundred random articles.
from labs.lab09_indexing.checks.library import Library, expect_own_tags
from labs.lab09_indexing.checks.library_fixture import small_library  # noqa: F401

SMALL_PAGE, LARGE_PAGE = 2, 20
# What a page's cost shows: queries per article, and (the counted page checked) wrong tags.
PAGE_COST_MISTAKES = [
    "tags_loaded_per_article",
    "tags_loaded_in_batches_of_five",
    "tags_on_the_wrong_article",
    "tags_overwritten",
]
HINT = (
    "read the tags of the whole page in one query (article_id IN the page's ids), not one query "
    "per article: the number of queries must not grow with the page"
)


def expect_as_many_queries(library: Library, url: str, token: str = "") -> None:
    """Fail unless a page of LARGE_PAGE costs as many SELECTs as a page of SMALL_PAGE, and
    shows each article's own tags (a page that reads no tags costs few queries too)."""
    joiner = "&" if "?" in url else "?"
    small = library.selects(f"{url}{joiner}limit={SMALL_PAGE}", token)
    large = library.selects(f"{url}{joiner}limit={LARGE_PAGE}", token)
    expect_own_tags(
        library,
        f"{url}{joiner}limit={LARGE_PAGE}",
        "the page's query count counts only when the page is right: read the tags of the whole "
        "page in one query and give each article its own",
        token,
    )
    if len(large) != len(small):
        tail = "\n          ".join(
            " ".join(sql.split())[:160] for sql, _ in large[len(small) :][:4]
        )
        raise CheckFailed(
            f"GET {url}{joiner}limit={SMALL_PAGE}, then limit={LARGE_PAGE}"
            + (" (signed in)" if token else ""),
            f"as many SELECTs for {LARGE_PAGE} articles as for {SMALL_PAGE} ({len(small)})",
            f"{len(small)} SELECTs, then {len(large)}; the extra ones begin:\n          {tail}",
            HINT,
        )


@check(
    points=2,
    task="No N+1",
    rule="course",
    catches=PAGE_COST_MISTAKES,
    inside=True,
)
def test_a_page_costs_as_many_queries_at_20_articles_as_at_2(library: Library) -> None:
    """A page of 20 articles costs as many queries as a page of 2."""
    expect_as_many_queries(library, "/api/articles")


@check(
    points=1,
    task="No N+1",
    rule="course",
    catches=PAGE_COST_MISTAKES,
    inside=True,
)
def test_a_tags_page_costs_the_same_for_a_signed_in_reader(library: Library) -> None:
    """A signed-in reader's page of a tag costs as many queries at 20 articles as at 2."""
    expect_as_many_queries(library, "/api/articles?tag=tag0", library.readers[3].token)
