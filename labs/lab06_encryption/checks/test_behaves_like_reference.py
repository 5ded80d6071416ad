from labs.engine import Api, check
from labs.engine.oracle import behaves_like_reference

# The endpoints the oracle uses in this lab, and the regions a difference there points to.
REGIONS = {
    "POST /api/users": ["seal", "blind_index"],
    "POST /api/users/login": ["blind_index", "open_sealed"],
    "GET /api/user": ["open_sealed"],
    "PUT /api/user": ["seal", "blind_index", "open_sealed"],
    "GET /api/profiles/{username}": ["open_sealed"],
}

# The kinds of refusal its operations may ask for (see labs/engine/oracle/machine.py).
REFUSALS = ["invalid", "refused"]


@check(
    points=2,
    task="Behaves like the reference",
    rule="course",
    # The mistakes these sequences (seed 20261203, the test suite's) are seen to catch.
    catches=["base64_is_not_encryption"],
)
def test_behaves_like_reference(api: Api, reference: Api, oracle_seed: int) -> None:
    """Signed up, in, changed and read back at random, it answers as the reference."""
    behaves_like_reference(
        api, reference, lab="06", regions=REGIONS, seed=oracle_seed, refusals=REFUSALS
    )
