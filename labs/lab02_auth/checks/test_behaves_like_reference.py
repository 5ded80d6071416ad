from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
REGIONS = {
    "POST /api/users": ["create_user", "hash_password", "issue_token"],
    "POST /api/users/login": ["login", "verify_password", "issue_token"],
    "GET /api/user": ["read_token"],
    "PUT /api/user": ["hash_password", "issue_token"],
    "GET /api/profiles/{username}": ["get_profile"],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = ["refused"]


@check(
    points=2,
    task="Behaves like the reference",
    rule="course",
    # The mistakes these sequences (seed 20261203, the test suite's) are seen to catch.
    catches=[
        "login_email_case_sensitive",
        "login_ignores_password",
        "login_tells_unknown_email",
        "login_unknown_email_is_500",
        "missing_profile_is_500",
        "signature_not_checked",
        "token_names_row_id",
        "token_subject_read_as_int",
        "user_not_saved",
        "uid_longer_than_its_column",
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Signed up, in and out at random (right, wrong and forged), it answers as the reference."""
    behaves_like_reference(
        api, reference, lab="02", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
