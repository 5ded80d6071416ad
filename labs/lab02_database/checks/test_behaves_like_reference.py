from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
# No request here is refused: refusals are answered by the regions of labs 01, 03 and 05.
REGIONS = {
    "POST /api/users": ["create_user"],
    "POST /api/users/login": [],
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
        "comment_not_saved",
        "comments_newest_first",
        "comments_of_every_article",
        "count_is_page_size",
        "delete_article_deletes_all_by_author",
        "list_ignores_filters",
        "list_oldest_first",
        "pagination_off_by_one",
        "slug_from_raw_title",
        "slug_kept_on_title_change",
        "tags_not_saved",
        "update_adds_tags_to_old_ones",
        "update_clears_tags",
        "user_not_saved",
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Used at random (sign up, write, list, change, comment, delete), it answers as the reference
    does."""
    behaves_like_reference(
        api, reference, lab="02", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
