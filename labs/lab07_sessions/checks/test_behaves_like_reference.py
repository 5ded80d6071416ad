from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
REGIONS = {
    "POST /api/users": [],
    "GET /api/user": [],
    "POST /api/users/sessions": ["store_refresh_token"],
    "POST /api/users/refresh": ["refresh", "use_up", "store_refresh_token"],
    "POST /api/users/logout": ["end_session"],
    "PUT /api/user": ["end_other_sessions"],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = ["refused"]


@check(
    points=2,
    task="Behaves like the reference",
    rule="course",
    # The mistakes these sequences (seed 20261203, the test suite's) are seen to catch.
    catches=[
        "refresh_token_not_rotated",
        "used_token_still_works",
        "use_up_always_wins",
        "reuse_refused_but_family_kept",
        "sign_out_revokes_nothing",
        "password_change_ends_every_session",
    ],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Signed in for sessions, refreshed, replayed and signed out at random, it answers as the
    reference."""
    behaves_like_reference(
        api, reference, lab="07", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
