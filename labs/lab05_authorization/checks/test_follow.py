from labs.engine import Api, check, dig, expect

from .follows import follow, profile, unfollow

BACKWARDS = "follow_stored_backwards"


@check(
    points=2,
    task="Follow",
    rule="contract",
    catches=["follow_not_saved", "profile_read_without_viewer", BACKWARDS],
)
def test_follow_is_remembered(api: Api) -> None:
    """After following someone, their profile says "following": true to the follower."""
    reader, author = api.register(), api.register()
    follow(api, reader, author)
    reply, following = profile(api, reader, author)
    expect(
        following is True,
        reply,
        '{"profile": {..., "following": true}}',
        "add a Follow row; the answer of POST .../follow alone proves nothing",
    )


@check(points=1, task="Follow", rule="contract", catches=["unfollow_does_nothing"])
def test_unfollow_is_remembered(api: Api) -> None:
    """After unfollowing, the profile says "following": false again."""
    reader, author = api.register(), api.register()
    follow(api, reader, author)
    unfollow(api, reader, author)
    reply, following = profile(api, reader, author)
    expect(
        following is False,
        reply,
        '{"profile": {..., "following": false}}',
        "find the Follow row by (follower id, followee id) and delete it",
    )


@check(
    points=1,
    task="Follow",
    rule="contract",
    catches=["follow_twice_is_error", "unfollow_does_nothing"],
)
def test_following_twice_follows_once(api: Api) -> None:
    """Following someone twice answers 200 twice; one unfollow then ends it."""
    reader, author = api.register(), api.register()
    follow(api, reader, author)
    again = api.post(f"/api/profiles/{author.username}/follow", token=reader.token)
    expect(
        again.status == 200 and dig(again.body, "profile", "following") is True,
        again,
        'status 200 and "following": true, as the first time',
        "following is idempotent: when the Follow row exists already, change nothing",
    )
    unfollow(api, reader, author)
    reply, following = profile(api, reader, author)
    expect(
        following is False,
        reply,
        '"following": false after one unfollow: there was one Follow row, not two',
        "one (follower, followee) pair, one row",
    )


@check(points=1, task="Follow", rule="contract", catches=["unfollow_missing_row_crashes"])
def test_unfollowing_someone_not_followed_answers_200(api: Api) -> None:
    """Unfollowing someone you do not follow answers 200 and "following": false."""
    reader, author = api.register(), api.register()
    reply = unfollow(api, reader, author)
    expect(
        reply.status == 200 and dig(reply.body, "profile", "following") is False,
        reply,
        'status 200 and "following": false',
        "session.get answers None when there is no Follow row: delete only a row you found",
    )


@check(
    points=1,
    task="Follow",
    rule="contract",
    catches=[
        "follow_not_saved",
        "profile_read_without_viewer",
        "unfollow_deletes_every_follow",
        BACKWARDS,
    ],
)
def test_unfollowing_one_author_keeps_the_other(api: Api) -> None:
    """Following two authors and unfollowing one: the other is still followed."""
    reader, first, second = api.register(), api.register(), api.register()
    follow(api, reader, first)
    follow(api, reader, second)
    unfollow(api, reader, first)
    reply, following = profile(api, reader, second)
    expect(
        following is True,
        reply,
        f'"following": true: {second.username} was not unfollowed',
        "delete the one Follow row of (follower id, followee id), not all of the follower's",
    )
