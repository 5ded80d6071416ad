from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to:
# every list of articles, and one article, shows the tags `tags_of_page` reads.
REGIONS = {
    "POST /api/users": [],
    "POST /api/articles": [],
    "PUT /api/articles/{slug}": [],
    "GET /api/articles/{slug}": ["tags_of_page"],
    "GET /api/articles": ["tags_of_page"],
    "GET /api/articles/feed": ["tags_of_page"],
    "POST /api/profiles/{username}/follow": [],
    "POST /api/articles/{slug}/favorite": [],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = ["refused"]


@check(
    points=2,
    task="Behaves like the reference",
    rule="course",
    # The mistakes these sequences (seed 20261203, the test suite's) are seen to catch.
    catches=["tags_on_the_wrong_article", "tags_overwritten"],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Articles written, tagged, followed, favorited and listed at random, it answers as the
    reference."""
    behaves_like_reference(
        api, reference, lab="09", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
