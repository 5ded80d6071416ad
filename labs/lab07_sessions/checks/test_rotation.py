import hashlib

from labs.engine import Api, CheckFailed, check, expect_errors
from labs.engine.inside import Inside

from .sessions import (
    expect_accepted,
    expect_refused,
    me,
    refresh,
    short,
    signed,
    start_session,
)

HINT = "a refresh token works once: _use_up marks it used, and the answer carries a new one"


@check(
    points=3,
    task="Rotation",
    rule="course",
    catches=["refresh_token_not_rotated", "used_token_still_works", "use_up_always_wins"],
)
def test_a_refresh_gives_a_new_pair_and_the_old_token_stops_working(api: Api) -> None:
    """A refresh answers a new access token and a new refresh token; the old one then fails."""
    account = api.register()
    first = start_session(api, account)
    done = f"a session started (refresh token {short(first.refresh_token)})"
    second = signed(refresh(api, first.refresh_token), done, HINT)
    if second.refresh_token == first.refresh_token:
        raise CheckFailed(
            f"{done}, then POST /api/users/refresh",
            "a new refresh token in the cookie",
            f"the same one, {short(second.refresh_token)}",
            "Refreshed(family, await _give_refresh_token(...)): a fresh token every time",
        )
    expect_accepted(
        me(api, second.access_token),
        f"{done}; refreshed",
        "200: the new access token works",
        "the new access token names the same live session",
    )
    expect_refused(
        refresh(api, first.refresh_token),
        f"{done}; refreshed with it once",
        "401: the traded refresh token is used up",
        HINT,
    )
    expect_errors(
        refresh(api, "a-token-nobody-was-given"),
        401,
        None,
        "a token the app never gave is refused like a used one, saying why: no row has its "
        "hash, so raise RefreshRefused('is unknown') before reading its session",
    )


@check(
    points=3,
    task="Rotation",
    rule="course",
    catches=[
        "refresh_token_not_rotated",
        "used_token_still_works",
        "reuse_refused_but_family_kept",
        "use_up_always_wins",
    ],
)
def test_a_reused_refresh_token_ends_its_whole_family(api: Api) -> None:
    """A used refresh token presented again ends its session: the newer tokens die too."""
    account = api.register()
    stolen = start_session(api, account)
    done = "a session started; the owner refreshed with its refresh token"
    owner = signed(refresh(api, stolen.refresh_token), done, HINT)
    done += "; a thief replayed the same (used) token"
    expect_refused(refresh(api, stolen.refresh_token), done, "401: the token is used up", HINT)
    hint = (
        "two parties hold the token: _revoke its whole family (the session), and commit "
        "before raising, so the refusal does not roll the revocation back"
    )
    expect_refused(
        refresh(api, owner.refresh_token),
        f"{done}; the owner's newer refresh token",
        "401: the family was revoked",
        hint,
    )
    expect_refused(
        me(api, owner.access_token),
        f"{done}; the owner's newer access token",
        "401: its session has ended",
        hint,
    )


@check(
    points=2,
    task="Rotation",
    rule="course",
    catches=["refresh_token_stored_in_clear"],
    inside=True,
)
def test_refresh_tokens_are_stored_only_as_their_hash(api: Api, inside: Inside) -> None:
    """The database keeps the SHA-256 of each refresh token, never the token itself."""
    account = api.register()
    started = start_session(api, account)
    token = started.refresh_token
    rows = inside.rows("SELECT token_hash FROM refresh_tokens")
    stored = [str(row["token_hash"]) for row in rows]
    expected = hashlib.sha256(token.encode()).hexdigest()
    if expected not in stored or any(token in value for value in stored):
        raise CheckFailed(
            f"a session started (refresh token {short(token)}), then read "
            "refresh_tokens.token_hash",
            f"its SHA-256 in hex, {expected[:16]}...",
            f"{len(stored)} rows, none of them that hash"
            + ("; one holds the token itself" if any(token in v for v in stored) else ""),
            "a copy of the table must sign nobody in: store hash_refresh_token(token), and "
            "look tokens up by that hash",
        )
