from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
# Nothing is stored or read back: users and articles are made in labs 02 and 03.
REGIONS = {
    "GET /health": ["health"],
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
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Asked at random (health, what is missing or wrong), it answers as the reference."""
    behaves_like_reference(
        api, reference, lab="01", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
