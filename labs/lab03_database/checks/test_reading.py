from labs.engine import Api, check, dig, expect


@check(points=2, task="Read one", rule="contract", catches=["article_not_wrapped"])
def test_article_is_read_by_its_slug(api: Api) -> None:
    """GET /api/articles/<slug> answers the article, to anyone and to a signed-in reader."""
    author, reader = api.register(), api.register()
    article = api.create_article(author, tagList=["tea"])
    path = f"/api/articles/{article['slug']}"
    for who, token in (("without a token", None), ("to a signed-in reader", reader.token)):
        reply = api.get(path, token=token)
        expect(
            reply.status == 200
            and dig(reply.body, "article", "slug") == article["slug"]
            and dig(reply.body, "article", "title") == article["title"]
            and dig(reply.body, "article", "author", "username") == author.username,
            reply,
            f'status 200 and {{"article": {{"slug": "{article["slug"]}", ...}}}} {who}',
            "the spec wraps every resource in an envelope: answer ArticleResponse(article=...)",
        )
