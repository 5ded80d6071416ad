from labs.engine import Api, check, dig, expect_status, fresh

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
    someone_else = start_session(api, api.register())
    changed_to = fresh("new-")
    changed = api.put("/api/user", {"user": {"password": changed_to}}, token=mine.access_token)
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
        me(api, someone_else.access_token),
        f"{done}; another account's session",
        "200: only this account's sessions end",
        "revoke only this user's sessions: WHERE user_id = :user_id",
    )
    expect_accepted(
        refresh(api, mine.refresh_token),
        f"{done}; its own refresh token",
        "200: the session that changed it goes on",
        hint,
    )
    # A RealWorld token names no session: a change made with one keeps none.
    login = {"user": {"email": account.email, "password": changed_to}}
    realworld = str(dig(api.post("/api/users/login", login).body, "user", "token"))
    again = api.put("/api/user", {"user": {"password": fresh("newer-")}}, token=realworld)
    expect_status(again, 200, "changing your password with a RealWorld token must work too")
    expect_refused(
        me(api, mine.access_token),
        f"{done}; then changed again with a RealWorld token (which names no session); the "
        "first session's access token",
        "401: a change made outside every session ends them all",
        "keep is None for a RealWorld token: revoke every unrevoked session of the user",
    )
