import bcrypt
import pytest

from labs.engine import Account, Api, CheckFailed, check
from labs.engine.inside import Inside
from labs.engine.plugin import NOT_APPLICABLE

from .conftest import CostlyApp

BCRYPT_PREFIXES = ("$2a$", "$2b$", "$2y$")


def stored_hash(inside: Inside, account: Account) -> str:
    found = inside.scalar(
        "SELECT password_hash FROM users WHERE username = :username", username=account.username
    )
    return "" if found is None else str(found)


def opens_with_bcrypt(password: str, stored: str) -> bool:
    """Whether bcrypt itself says `stored` is a hash of `password` (a lookalike is not)."""
    try:
        return bcrypt.checkpw(password.encode("utf-8"), stored.encode("utf-8"))
    except ValueError:  # not a bcrypt hash at all, whatever its first characters say
        return False


@check(
    points=2,
    task="Passwords",
    rule="course",
    catches=[
        "fast_unsalted_hash",
        "plaintext_password",
        "user_not_saved",
        "uid_longer_than_its_column",
    ],
    inside=True,
)
def test_password_is_stored_as_a_bcrypt_hash(api: Api, inside: Inside) -> None:
    """The database stores a bcrypt hash of the password, never the password itself."""
    account = api.register()
    stored = stored_hash(inside, account)
    looks_like_bcrypt = stored.startswith(BCRYPT_PREFIXES) and account.password not in stored
    if not (looks_like_bcrypt and opens_with_bcrypt(account.password, stored)):
        raise CheckFailed(
            f"POST /api/users (password {account.password!r}), then read users.password_hash "
            "and bcrypt.checkpw(password, that hash)",
            "a bcrypt hash of that password: '$2b$<cost>$<salt and hash>', which checkpw opens",
            repr(stored[:60]) + ("" if looks_like_bcrypt else " (not even shaped like one)"),
            "hash with bcrypt.hashpw(password, bcrypt.gensalt(rounds)), slow on purpose: "
            "a hash that only starts like bcrypt's does not verify",
        )


@check(
    points=1,
    task="Passwords",
    rule="course",
    catches=[
        "fast_unsalted_hash",
        "plaintext_password",
        "user_not_saved",
        "uid_longer_than_its_column",
    ],
    inside=True,
)
def test_same_password_gets_different_hashes(api: Api, inside: Inside) -> None:
    """Two users with the same password get different hashes: each hash has its own salt."""
    first = api.register()
    second = api.register(Account(first.username + "b", "b" + first.email, first.password))
    hashes = stored_hash(inside, first), stored_hash(inside, second)
    if hashes[0] == hashes[1]:
        raise CheckFailed(
            "two registrations with the same password, then read users.password_hash",
            "two different hashes",
            f"both {hashes[0][:60]!r}",
            "a fresh salt per hash (bcrypt.gensalt) makes equal passwords look different",
        )


@check(
    points=1,
    task="Passwords",
    rule="course",
    catches=[
        "fast_unsalted_hash",
        "hash_ignores_the_configured_cost",
        "plaintext_password",
        "user_not_saved",
    ],
    inside=True,
)
def test_hash_uses_the_configured_cost(costly: CostlyApp) -> None:
    """The stored hash uses the bcrypt cost the settings give (read from "$2b$NN$")."""
    if costly.inside is None or costly.cost is None:
        pytest.skip(NOT_APPLICABLE)  # by URL the checks cannot know the server's settings
    account = costly.account()
    stored = stored_hash(costly.inside, account)
    wanted = f"$2b${costly.cost:02d}$"
    if not stored.startswith(wanted):
        raise CheckFailed(
            f"POST /api/users to an app whose settings say bcrypt_rounds={costly.cost}, "
            "then read users.password_hash",
            f"a hash starting {wanted!r}",
            repr(stored[:60]),
            "bcrypt.gensalt(rounds=rounds): the cost comes from the settings, not the code",
        )
