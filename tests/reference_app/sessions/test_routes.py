"""Sessions through the API: sign in, refresh with rotation, reuse, sign-out, password change."""

from datetime import UTC, datetime, timedelta
from typing import Any

from litestar import Litestar

from reference_app.auth.tokens import issue_token, read_token
from reference_app.sessions.cookies import REFRESH_COOKIE, REFRESH_PATH
from tests.reference_app.conftest import Account, errors_of
from tests.reference_app.sessions.conftest import MovableClock, SessionClient, signed_in


async def test_a_session_sign_in_answers_an_access_token_and_a_refresh_cookie(
    sessions: SessionClient,
) -> None:
    account = await sessions.register()
    started = await sessions.start_session(account)
    cookie = started.response.headers["set-cookie"]
    for attribute in ("HttpOnly", "Secure", "SameSite=Strict", f"Path={REFRESH_PATH}"):
        assert attribute.lower() in cookie.lower(), f"{attribute} missing from {cookie!r}"
    assert started.response.headers["cache-control"] == "no-store"
    me = await sessions.me(started.headers)
    assert me.status_code == 200, me.text
    # GET /user answers the session's own access token: only refresh renews it.
    assert me.json()["user"]["token"] == started.access_token


async def test_a_wrong_password_starts_no_session(sessions: SessionClient) -> None:
    account = await sessions.register()
    response = await sessions.client.post(
        "/api/users/sessions", json={"user": {"email": account.email, "password": "wrong one"}}
    )
    assert response.status_code == 401, response.text
    assert REFRESH_COOKIE not in response.cookies


async def test_refresh_gives_new_tokens_and_uses_up_the_old_refresh_token(
    sessions: SessionClient,
) -> None:
    account = await sessions.register()
    started = await sessions.start_session(account)
    refreshed = signed_in(await sessions.refresh(started.refresh_token))
    assert refreshed.refresh_token != started.refresh_token
    assert (await sessions.me(refreshed.headers)).status_code == 200
    again = signed_in(await sessions.refresh(refreshed.refresh_token))
    assert (await sessions.me(again.headers)).status_code == 200


async def test_a_reused_refresh_token_ends_the_whole_family(sessions: SessionClient) -> None:
    account = await sessions.register()
    started = await sessions.start_session(account)
    stolen = started.refresh_token
    legitimate = signed_in(await sessions.refresh(stolen))  # the owner refreshes first
    replayed = await sessions.refresh(stolen)  # then the thief replays the copy
    assert replayed.status_code == 401, replayed.text
    assert "already used" in errors_of(replayed)["refresh token"][0]
    # The family is over: the owner's newer refresh token and access token stop working too.
    later = await sessions.refresh(legitimate.refresh_token)
    assert later.status_code == 401, "the newest refresh token of a revoked family still works"
    me = await sessions.me(legitimate.headers)
    assert me.status_code == 401, "an access token of a revoked session still works"
    # Other sessions of the same account are not touched.
    other = await sessions.start_session(account)
    assert (await sessions.me(other.headers)).status_code == 200


async def test_an_unknown_or_missing_refresh_token_is_refused_and_cleared(
    sessions: SessionClient,
) -> None:
    unknown = await sessions.refresh("not-a-token-we-gave")
    assert unknown.status_code == 401, unknown.text
    assert "max-age=0" in unknown.headers["set-cookie"].lower()
    sessions.client.cookies.clear()
    missing = await sessions.client.post("/api/users/refresh")
    assert missing.status_code == 401, missing.text


async def test_a_refresh_token_expires(sessions: SessionClient, clock: MovableClock) -> None:
    account = await sessions.register()
    started = await sessions.start_session(account)
    clock.advance(timedelta(days=15))  # past the 14 days a refresh token lives
    expired = await sessions.refresh(started.refresh_token)
    assert expired.status_code == 401, expired.text
    assert "expired" in errors_of(expired)["refresh token"][0]


async def test_a_session_ends_at_its_lifetime_however_often_refreshed(
    sessions: SessionClient, clock: MovableClock
) -> None:
    account = await sessions.register()
    current = await sessions.start_session(account)
    for _ in range(3):  # 3 x 10 days: each refresh in time, the session still ends at 30
        clock.advance(timedelta(days=10))
        response = await sessions.refresh(current.refresh_token)
        if response.status_code != 200:
            break
        current = signed_in(response)
    assert response.status_code == 401, "a session outlived its 30 days by being refreshed"


async def test_an_expired_access_token_is_refused(
    sessions: SessionClient, clock: MovableClock
) -> None:
    account = await sessions.register()
    clock.advance(timedelta(minutes=-16))  # issued 16 minutes ago: past its 15
    started = await sessions.start_session(account)
    me = await sessions.me(started.headers)
    assert me.status_code == 401, me.text
    assert "expired" in errors_of(me)["token"][0].lower()


async def test_sign_out_ends_the_session(sessions: SessionClient) -> None:
    account = await sessions.register()
    started = await sessions.start_session(account)
    other = await sessions.start_session(account)
    out = await sessions.logout(started.headers)
    assert out.status_code == 204, out.text
    assert "max-age=0" in out.headers["set-cookie"].lower()
    assert (await sessions.me(started.headers)).status_code == 401
    assert (await sessions.refresh(started.refresh_token)).status_code == 401
    assert (await sessions.me(other.headers)).status_code == 200, "sign-out ended another session"


async def test_sign_out_needs_a_session_token(sessions: SessionClient) -> None:
    account = await sessions.register()  # a RealWorld token: it names no session
    out = await sessions.logout(account.headers)
    assert out.status_code == 422, out.text
    anonymous = await sessions.client.post("/api/users/logout")
    assert anonymous.status_code == 401, anonymous.text


def realworld_token_from_a_minute_ago(app: Litestar, account: Account) -> dict[str, str]:
    """A RealWorld token of this account, as a client that signed in a minute ago holds it.

    RealWorld tokens tell their issue time to the second: one issued in the very second of a
    password change outlives it (the cutoff lets through the token the change answers).
    """
    config = app.state.token_config
    user_id = read_token(account.token, config)
    token = issue_token(user_id, config, now=datetime.now(UTC) - timedelta(minutes=1))
    return {"Authorization": f"Token {token}"}


async def test_a_password_change_ends_every_other_session(
    sessions: SessionClient, app: Litestar
) -> None:
    account = await sessions.register()
    older_realworld = realworld_token_from_a_minute_ago(app, account)
    assert (await sessions.me(older_realworld)).status_code == 200
    mine = await sessions.start_session(account)
    theirs = await sessions.start_session(account)
    changed = await sessions.client.put(
        "/api/user", json={"user": {"password": "a new secret"}}, headers=mine.headers
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["user"]["token"] == mine.access_token
    assert (await sessions.me(mine.headers)).status_code == 200, "the changing session ended"
    assert (await sessions.refresh(mine.refresh_token)).status_code == 200
    assert (await sessions.me(theirs.headers)).status_code == 401
    assert (await sessions.refresh(theirs.refresh_token)).status_code == 401
    # RealWorld tokens issued before the change are refused too.
    assert (await sessions.me(older_realworld)).status_code == 401


async def test_a_realworld_password_change_keeps_the_token_it_answers(
    sessions: SessionClient, app: Litestar
) -> None:
    account = await sessions.register()
    session = await sessions.start_session(account)
    older_realworld = realworld_token_from_a_minute_ago(app, account)
    changed = await sessions.client.put(
        "/api/user", json={"user": {"password": "a new secret"}}, headers=older_realworld
    )
    assert changed.status_code == 200, changed.text
    new_token = {"Authorization": f"Token {changed.json()['user']['token']}"}
    assert (await sessions.me(new_token)).status_code == 200
    assert (await sessions.me(older_realworld)).status_code == 401
    assert (await sessions.me(session.headers)).status_code == 401


async def test_changing_anything_but_the_password_ends_no_session(
    sessions: SessionClient,
) -> None:
    account = await sessions.register()
    session = await sessions.start_session(account)
    changed = await sessions.client.put(
        "/api/user", json={"user": {"bio": "hello"}}, headers=account.headers
    )
    assert changed.status_code == 200, changed.text
    assert (await sessions.me(session.headers)).status_code == 200
    assert (await sessions.me(account.headers)).status_code == 200


async def test_a_refused_session_token_gives_its_database_connection_back(
    sessions: SessionClient, app: Litestar
) -> None:
    account = await sessions.register()
    started = await sessions.start_session(account)
    assert (await sessions.logout(started.headers)).status_code == 204
    refused = await sessions.me(started.headers)
    assert refused.status_code == 401, refused.text
    pool: Any = app.state.database.engine.pool
    assert pool.checkedout() == 0, "a refused request kept its connection"
