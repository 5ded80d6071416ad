from labs.engine import Api, check, expect_status, fresh

from .sessions import expect_accepted, expect_refused, me, refresh, start_session


@check(
    points=3,
    task="Password change",
    rule="course",
    catches=["password_change_ends_no_session", "password_change_ends_every_session"],
)
def test_a_password_change_ends_every_other_session(api: Api) -> None:
    """A new password ends the account's other sessions, but not the one that changed it."""
    account = api.register()
    mine, theirs = start_session(api, account), start_session(api, account)
    changed = api.put("/api/user", {"user": {"password": fresh("new-")}}, token=mine.access_token)
    expect_status(changed, 200, "changing your own password must work before this is checked")
    done = "two sessions started; the first changed the password"
    hint = (
        "UPDATE the user's unrevoked sessions except `keep` (the session that asked): whoever "
        "knew the old password is signed out, the one who changed it is not"
    )
    expect_refused(
        me(api, theirs.access_token),
        f"{done}; the second's access token",
        "401: the other session has ended",
        hint,
    )
    expect_refused(
        refresh(api, theirs.refresh_token),
        f"{done}; the second's refresh token",
        "401: the other session has ended",
        hint,
    )
    expect_accepted(
        me(api, mine.access_token),
        f"{done}; its own access token",
        "200: the session that changed it goes on",
        hint,
    )
    expect_accepted(
        refresh(api, mine.refresh_token),
        f"{done}; its own refresh token",
        "200: the session that changed it goes on",
        hint,
    )
