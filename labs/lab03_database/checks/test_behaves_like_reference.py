from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
# No request here is refused: refusals are answered by the regions of labs 01, 04 and 05.
REGIONS = {
    "POST /api/users": [],
    "POST /api/users/login": [],
    "GET /api/tags": ["list_tags"],
    "GET /api/articles/{slug}": ["get_article"],
    "POST /api/articles": ["create_article"],
    "GET /api/articles": ["list_articles"],
    "PUT /api/articles/{slug}": ["update_article"],
    "DELETE /api/articles/{slug}": ["delete_article"],
    "POST /api/articles/{slug}/comments": ["add_comment"],
    "GET /api/articles/{slug}/comments": ["list_comments"],
    "DELETE /api/articles/{slug}/comments/{id}": ["delete_comment"],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = []


@check(
    points=3,
    task="Behaves like the reference",
    rule="course",
    catches=[
        "article_not_deleted",
        "article_not_wrapped",
        "count_is_page_size",
        "list_ignores_filters",
        "slug_from_raw_title",
        "slug_kept_on_title_change",
        "slug_renewed_on_every_save",
        "tags_listed_per_article",
        "tags_not_saved",
        "tags_not_wrapped",
        "update_clears_tags",
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Used at random (write, read, list, tag, change, comment, delete), it answers as the
    reference does."""
    behaves_like_reference(
        api, reference, lab="03", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
