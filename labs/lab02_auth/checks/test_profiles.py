from labs.engine import Api, check, dig, expect, expect_errors, expect_status, fresh


@check(points=2, task="Profiles", rule="course", catches=["missing_profile_is_500"])
def test_missing_profile_is_404(api: Api) -> None:
    """GET /api/profiles/<a username nobody has> answers 404, not 500."""
    reply = api.get(f"/api/profiles/{fresh('nobody')}")
    expect_status(reply, 404, "when the query returns None, raise not_found('profile')")


@check(
    points=1,
    task="Profiles",
    rule="course",
    catches=["missing_profile_is_500"],
    after=["missing_profile_is_404"],
)
def test_missing_profile_names_the_profile(api: Api) -> None:
    """A missing profile's 404 says which thing is missing: {"errors": {"profile": [...]}}."""
    reply = api.get(f"/api/profiles/{fresh('nobody')}")
    expect_errors(reply, 404, "profile", "not_found('profile') carries the field; keep it")


@check(
    points=2,
    task="Profiles",
    rule="contract",
    catches=["token_subject_read_as_int", "user_not_saved", "uid_longer_than_its_column"],
)
def test_profile_is_read_by_anyone(api: Api) -> None:
    """GET /api/profiles/<name> answers the profile, to anyone and to another signed-in user."""
    someone, other = api.register(), api.register()
    path = f"/api/profiles/{someone.username}"
    readers = (("without a token", None), ("to another user", other.token))
    for who, token in readers:
        reply = api.get(path, token=token)
        expect(
            reply.status == 200
            and dig(reply.body, "profile", "username") == someone.username
            and dig(reply.body, "profile", "following") is False,
            reply,
            f'status 200, "username": "{someone.username}" and, {who}, "following": false',
            "read the profile with queries.get_profile(...), passing the reader (optional_user) on",
        )
