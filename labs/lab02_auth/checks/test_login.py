from labs.engine import Api, Reply, check, dig, expect, expect_status, fresh


def _messages(value: object) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(m, str) and m.strip() for m in value)
    )


LONGEST = 72  # bytes: what bcrypt reads of a password, and the course's password rule


def _login(api: Api, email: str, password: str) -> Reply:
    return api.post("/api/users/login", {"user": {"email": email, "password": password}})


@check(
    points=2,
    task="Login",
    rule="contract",
    catches=[
        "token_names_row_id",
        "token_subject_read_as_int",
        "user_not_saved",
        "uid_longer_than_its_column",
    ],
)
def test_login_with_the_right_password_works(api: Api) -> None:
    """POST /api/users/login with the right password answers 200 and a token that works."""
    account = api.register()
    reply = _login(api, account.email, account.password)
    expect_status(reply, 200, "verify_password must accept the password hash_password hashed")
    token = str(dig(reply.body, "user", "token"))
    me = api.get("/api/user", token=token)
    expect(
        dig(me.body, "user", "username") == account.username,
        me,
        f'GET /api/user with the new token answers "username": "{account.username}"',
        "return user_response(user, state): it issues a fresh token naming the user's uid",
    )


@check(
    points=2,
    task="Login",
    rule="contract",
    catches=["login_ignores_password", "uid_longer_than_its_column"],
)
def test_wrong_password_is_401(api: Api) -> None:
    """Logging in with a wrong password answers 401."""
    account = api.register()
    reply = _login(api, account.email, account.password + "x")
    expect_status(reply, 401, "raise unauthorized(...) when verify_password says no")


@check(points=1, task="Login", rule="contract", catches=["login_unknown_email_is_500"])
def test_unknown_email_is_401(api: Api) -> None:
    """Logging in with an email nobody has answers 401, like a wrong password (not 404, not 500)."""
    account = api.new_account()
    reply = _login(api, account.email, account.password)
    expect_status(reply, 401, "no user is a wrong login too; check a dummy hash meanwhile")


@check(
    points=1,
    task="Login",
    rule="course",
    catches=[
        "login_tells_unknown_email",
        "login_unknown_email_is_500",
        "login_ignores_password",
        "uid_longer_than_its_column",
    ],
)
def test_unknown_email_and_wrong_password_answer_alike(api: Api) -> None:
    """An unknown email and a wrong password get the same 401, whose error names what failed."""
    account = api.register()
    wrong = _login(api, account.email, account.password + "x")
    errors = dig(wrong.body, "errors")
    expect(
        wrong.status == 401
        and isinstance(errors, dict)
        and bool(errors)
        and all(isinstance(k, str) and k.strip() and _messages(m) for k, m in errors.items()),
        wrong,
        'status 401 and {"errors": {"<what failed>": ["<message>", ...]}}',
        'raise unauthorized("is invalid", field="email or password"): a field and a message',
    )
    unknown = _login(api, api.new_account().email, account.password + "x")
    expect(
        (unknown.status, unknown.body) == (wrong.status, wrong.body),
        unknown,
        f"the answer to a wrong password: {wrong.summary()}",
        "say only that the email or password is invalid: telling them apart tells anyone "
        "which emails have an account",
    )


@check(
    points=2,
    task="Login",
    rule="course",
    catches=[
        "login_ignores_password",
        "long_password_crashes_login",
        "long_password_cut_and_accepted",
        "user_not_saved",
        "uid_longer_than_its_column",
    ],
)
def test_password_over_72_bytes_is_refused_at_login(api: Api) -> None:
    """A 72-byte password logs in; one more character answers 401 (not 200, not 500)."""
    account = api.new_account()
    account.password = fresh("long-").ljust(LONGEST, "p")
    api.register(account)
    reply = _login(api, account.email, account.password)
    expect_status(reply, 200, "a password of exactly 72 bytes follows the rule: it must work")
    reply = _login(api, account.email, account.password + "!")
    expect_status(
        reply,
        401,
        "bcrypt reads only 72 bytes (and bcrypt 5 raises beyond): check the first 72, then "
        "refuse a longer password; it is not the one that was registered",
    )
