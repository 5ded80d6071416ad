from labs.engine import Api, check, expect_errors, expect_status, fresh


@check(points=2, task="Read one", rule="course", catches=["missing_article_is_500"])
def test_missing_article_is_404(api: Api) -> None:
    """GET /api/articles/<a slug no article has> answers 404, not 500."""
    reply = api.get(f"/api/articles/{fresh('no-such-article-')}")
    expect_status(reply, 404, "when the query finds nothing, raise not_found('article')")


@check(
    points=2,
    task="Read one",
    rule="course",
    catches=["missing_article_is_500"],
    after=["missing_article_is_404"],
)
def test_missing_article_names_the_article(api: Api) -> None:
    """A missing article's 404 says which thing is missing: {"errors": {"article": [...]}}."""
    reply = api.get(f"/api/articles/{fresh('no-such-article-')}")
    expect_errors(reply, 404, "article", "not_found('article') carries the field; keep it")
