from labs.engine import Api, check, expect_status


@check(
    points=1,
    task="Login",
    rule="course",
    catches=["login_email_case_sensitive", "user_not_saved", "uid_longer_than_its_column"],
)
def test_login_with_the_email_in_capitals_works(api: Api) -> None:
    """Logging in with one's email written in capitals answers 200: emails ignore case."""
    account = api.register()
    credentials = {"email": account.email.upper(), "password": account.password}
    reply = api.post("/api/users/login", {"user": credentials})
    expect_status(reply, 200, "find the user with queries.get_by_email, which ignores case")
