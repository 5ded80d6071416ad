from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
REGIONS = {
    "POST /api/users": [],
    "POST /api/articles": [],
    "GET /api/articles/{slug}": [],
    "GET /api/profiles/{username}": [],
    "POST /api/profiles/{username}/follow": ["follow"],
    "DELETE /api/profiles/{username}/follow": ["unfollow"],
    "GET /api/articles/feed": ["feed_filter"],
    "POST /api/articles/{slug}/favorite": ["favorite"],
    "DELETE /api/articles/{slug}/favorite": ["unfavorite"],
    "GET /api/articles": [],
    "PUT /api/articles/{slug}": ["refuse_non_author"],
    "DELETE /api/articles/{slug}": ["refuse_non_author"],
    "POST /api/articles/{slug}/comments": [],
    "DELETE /api/articles/{slug}/comments/{id}": ["refuse_non_author"],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = ["refused", "forbidden"]


@check(
    points=2,
    task="Behaves like the reference",
    rule="course",
    # The mistakes these sequences (seed 20261203, the test suite's) are seen to catch.
    catches=[
        "article_read_without_viewer",
        "favorite_for_the_author",
        "favorite_not_saved",
        "favorite_twice_is_error",
        "follow_twice_is_error",
        "feed_joins_follows_without_the_author",
        "feed_shows_everyone",
        "follow_not_saved",
        "follow_stored_backwards",
        "missing_ownership_check",
        "ownership_refused_with_401",
        "profile_read_without_viewer",
        "unfavorite_deletes_everyones",
        "unfavorite_missing_row_crashes",
        "unfollow_missing_row_crashes",
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Followed, favorited and changed by others at random, it answers as the reference."""
    behaves_like_reference(
        api,
        reference,
        lab="05",
        regions=REGIONS,
        seed=oracle_seed,
        refusals=REFUSALS,
    )
