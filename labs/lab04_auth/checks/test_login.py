from labs.engine import Api, check, dig, expect, expect_errors, expect_status


@check(
    points=2,
    task="Login",
    rule="contract",
    catches=["token_sub_not_string", "token_subject_kept_as_text"],  # the second on PostgreSQL
)
def test_login_with_the_right_password_works(api: Api) -> None:
    """POST /api/users/login with the right password answers 200 and a token that works."""
    account = api.register()
    credentials = {"email": account.email, "password": account.password}
    reply = api.post("/api/users/login", {"user": credentials})
    expect_status(reply, 200, "verify_password must accept the password hash_password hashed")
    token = str(dig(reply.body, "user", "token"))
    me = api.get("/api/user", token=token)
    expect(
        dig(me.body, "user", "username") == account.username,
        me,
        f'GET /api/user with the new token answers "username": "{account.username}"',
        "return user_response(user, state): it issues a fresh token",
    )


@check(points=2, task="Login", rule="contract", catches=["login_ignores_password"])
def test_wrong_password_is_401(api: Api) -> None:
    """Logging in with a wrong password answers 401."""
    account = api.register()
    credentials = {"email": account.email, "password": account.password + "x"}
    reply = api.post("/api/users/login", {"user": credentials})
    expect_errors(reply, 401, None, "raise unauthorized(...) when verify_password says no")


@check(points=1, task="Login", rule="contract", catches=["login_unknown_email_is_500"])
def test_unknown_email_is_401(api: Api) -> None:
    """Logging in with an email nobody has answers 401, like a wrong password (not 404, not 500)."""
    account = api.new_account()
    reply = api.post(
        "/api/users/login", {"user": {"email": account.email, "password": account.password}}
    )
    expect_errors(reply, 401, None, "no user is a wrong login too; check a dummy hash meanwhile")
