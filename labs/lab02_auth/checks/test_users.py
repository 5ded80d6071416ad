from labs.engine import Api, check, dig, expect, expect_status


@check(
    points=2,
    task="Users",
    rule="contract",
    catches=["token_subject_read_as_int", "user_not_saved", "uid_longer_than_its_column"],
)
def test_registered_user_is_stored(api: Api) -> None:
    """A registered user can be read back: GET /api/user with their token shows their name."""
    account = api.register()
    reply = api.get("/api/user", token=account.token)
    expect_status(reply, 200, "create_user must add the user and flush, so it gets an id")
    expect(
        dig(reply.body, "user", "username") == account.username
        and dig(reply.body, "user", "email") == account.email,
        reply,
        f'{{"user": {{"username": "{account.username}", "email": "{account.email}", ...}}}}',
        "create_user must store the user (session.add, then flush): the token names a user "
        "the app finds by uid",
    )
