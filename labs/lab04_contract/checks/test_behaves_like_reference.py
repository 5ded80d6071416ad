from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
REGIONS = {
    "POST /api/users": ["validation_errors", "refuse_taken"],
    "GET /api/user": [],
    "PUT /api/user": ["user_needs_changes", "validation_errors", "refuse_taken"],
    "POST /api/articles": ["validation_errors"],
    "GET /api/articles/{slug}": [],
    "PUT /api/articles/{slug}": ["article_needs_changes", "validation_errors"],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = ["invalid", "refused"]


@check(
    points=2,
    task="Behaves like the reference",
    rule="course",
    catches=[
        "duplicate_email_is_500",
        "duplicate_not_reported",
        "empty_update_accepted",
        "errors_as_plain_strings",
        "errors_lose_field_names",
        "only_one_taken_field_named",
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Sent valid, invalid and conflicting input at random, it answers as the reference."""
    behaves_like_reference(
        api, reference, lab="04", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
