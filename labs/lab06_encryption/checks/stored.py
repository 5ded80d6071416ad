"""What the app under check stores for a user, read raw from its database."""

from typing import Any

from labs.engine import Account, Api, CheckFailed, expect_status
from labs.engine.inside import Inside


def stored_user(inside: Inside, username: str) -> dict[str, Any]:
    """The user's row as the database holds it (`email` and `bio` should be sealed)."""
    found = inside.rows("SELECT * FROM users WHERE username = :name", name=username)
    if not found:
        raise CheckFailed(
            f"read the row of users whose username is {username!r}",
            "the row of the user just registered",
            "no such row",
            "users are stored in the table `users`, one row each, by their username",
        )
    return found[0]


def with_bio(api: Api, account: Account, bio: str) -> None:
    """Give the account this bio, through PUT /api/user."""
    reply = api.put("/api/user", {"user": {"bio": bio}}, token=account.token)
    expect_status(reply, 200, "changing your own bio must work before this can be checked")
