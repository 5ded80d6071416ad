from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
# Nothing is created: users and articles are made by the regions of labs 02 and 04.
REGIONS = {
    "GET /health": ["health"],
    "GET /api/tags": ["list_tags"],
    "GET /api/articles/{slug}": ["get_article", "handle_http"],
    "GET /api/profiles/{username}": ["get_profile", "handle_http"],
    # Wrong routes and methods, no or a bad token, broken JSON:
    "GET /api/{nowhere}": ["handle_http"],
    "DELETE /api/tags": ["handle_http"],
    "PUT /health": ["handle_http"],
    "GET /api/user (not signed in)": ["handle_http"],
    "POST /api/users (broken JSON)": ["handle_http"],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = ["refused"]


@check(
    points=2,
    task="Behaves like the reference",
    rule="course",
    catches=[
        "errors_drop_headers",
        "errors_need_a_field",
        "errors_not_enveloped",
        "errors_sent_as_text",
        "every_error_is_422",
        "health_plain_text",
        "malformed_json_is_422",
        "missing_article_is_500",
        "missing_profile_is_500",
        "tags_not_wrapped",
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Asked at random (health, tags, what is missing or wrong), it answers as the reference."""
    behaves_like_reference(
        api, reference, lab="01", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
