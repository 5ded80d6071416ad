from labs.engine import Api, check, expect_status

from .sessions import expect_accepted, expect_refused, me, refresh, start_session


@check(
    points=3,
    task="Sign-out",
    rule="course",
    catches=["sign_out_revokes_nothing", "sign_out_ends_every_session"],
)
def test_sign_out_ends_the_session_and_only_it(api: Api) -> None:
    """After sign-out its access and refresh tokens fail; another session goes on."""
    account = api.register()
    leaving, staying = start_session(api, account), start_session(api, account)
    out = api.post("/api/users/logout", token=leaving.access_token)
    expect_status(out, 204, "POST /api/users/logout with a session's access token answers 204")
    done = "two sessions started; POST /api/users/logout with the first one's access token"
    hint = "end_session: _revoke the session the token names (revoked_at set), and only it"
    expect_refused(me(api, leaving.access_token), done, "401: that session has ended", hint)
    expect_refused(
        refresh(api, leaving.refresh_token),
        f"{done}; its refresh token",
        "401: that session has ended",
        hint,
    )
    expect_accepted(
        me(api, staying.access_token),
        f"{done}; the second session's access token",
        "200: signing out of one session leaves the others",
        hint,
    )
