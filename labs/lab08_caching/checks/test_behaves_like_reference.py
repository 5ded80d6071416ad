from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
# Writes are followed by anonymous reads (answered from the cache when it holds them), and
# reads are sent again with the ETag each app gave (answered 304 while nothing changed).
REGIONS = {
    "POST /api/users": [],
    "PUT /api/user": ["made_stale"],
    "POST /api/articles": ["made_stale"],
    "PUT /api/articles/{slug}": ["made_stale", "versions_shown"],
    "DELETE /api/articles/{slug}": ["made_stale"],
    "POST /api/articles/{slug}/favorite": ["made_stale"],
    "DELETE /api/articles/{slug}/favorite": ["made_stale"],
    "GET /api/articles/{slug}": ["versions_shown", "entry_key", "read_request"],
    "GET /api/articles": ["entry_key", "read_request"],
    "GET /api/tags": ["made_stale", "entry_key"],
    "GET /api/articles/{slug} If-None-Match": ["etag_of", "client_has", "not_modified"],
    "GET /api/articles If-None-Match": ["etag_of", "client_has", "not_modified", "entry_key"],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = ["refused"]


@check(
    points=2,
    task="Behaves like the reference",
    rule="course",
    # The mistakes these sequences (seed 20261203, the test suite's) are seen to catch.
    catches=[
        "article_shown_without_its_author",
        "authorization_never_read",
        "etag_is_the_length",
        "etag_missing",
        "key_ignores_the_versions",
        "never_not_modified",
        "new_tag_leaves_tags_stale",
        "not_modified_with_a_body",
        "profile_change_forgotten",
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Articles written, edited, favorited and deleted at random, each followed by anonymous
    reads and reads sent again with their ETag, answer as the reference does."""
    behaves_like_reference(
        api, reference, lab="08", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
