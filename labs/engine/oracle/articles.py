"""Operations on articles: write, read, change, delete, list, feed, favorite, tags in use."""

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import MultipleResults, multiple, rule

from labs.engine.oracle.exchange import Answer
from labs.engine.oracle.feeds import FeedReads
from labs.engine.oracle.machine import ARTICLES, USERS, Article, User, endpoint

# Two titles share a slug (a second article gets a random suffix); accents stay in slugs.
TITLES = ("Hello world", "Crème brûlée", "Tea & cake", "hello, World!")
TAG_WORDS = ("tea", "Tea", "zürich", "api")
FIELDS = ("title", "description", "body", "tagList")
BROKEN_ARTICLES = ("blank title", "no body", "tags not a list")
# Any subset of the words, each as likely: a short list would rarely show an order.
tag_words = st.integers(0, 2 ** len(TAG_WORDS) - 1).map(
    lambda mask: [word for bit, word in enumerate(TAG_WORDS) if mask >> bit & 1]
)
pages = st.sampled_from(((20, 0), (1, 0), (1, 1), (2, 1)))


class ArticleRules(FeedReads):
    def _slugs(self, article: Article, answer: Answer) -> None:
        article.slugs = {side: answer.of(side).body["article"]["slug"] for side in answer.sides}

    def _tags(self, words: list[str], pad: bool) -> list[str]:
        tags = [self.own_tag(word) for word in words]
        return [f"  {tags[0]} ", *tags[1:]] if pad and tags else tags

    @endpoint("POST /api/articles")
    @rule(
        target=ARTICLES,
        author=USERS,
        title=st.sampled_from(TITLES),
        words=tag_words,
        pad=st.booleans(),
    )
    def create_article(
        self, author: User, title: str, words: list[str], pad: bool
    ) -> Article | MultipleResults[Article]:
        fields = {
            "title": f"{self.ns} {title}",
            "description": f"about {title}",
            "body": f"All about {title}.",
            "tagList": self._tags(words, pad),
        }
        answer = self.send(
            "POST /api/articles",
            "/api/articles",
            body={"article": fields},
            token=author.token,
            who=author.username,
        )
        if answer.status != 201:
            return multiple()
        article = Article(str(fields["title"]), author, {})
        self._slugs(article, answer)
        self.read_article(article)
        self.followers_see(article)
        return article

    @endpoint("POST /api/articles", refused="invalid")
    @rule(author=USERS, kind=st.sampled_from(BROKEN_ARTICLES))
    def create_article_wrongly(self, author: User, kind: str) -> None:
        fields: dict[str, Any] = {"title": f"{self.ns} broken", "description": "d", "body": "b"}
        if kind == "blank title":
            fields["title"] = "   "
        elif kind == "no body":
            del fields["body"]
        elif kind == "tags not a list":
            fields["tagList"] = self.own_tag("tea")
        self.send(
            "POST /api/articles",
            "/api/articles",
            body={"article": fields},
            token=author.token,
            who=author.username,
        )

    @endpoint("GET /api/articles/{slug}")
    @rule(article=ARTICLES, viewer=USERS, anonymous=st.booleans())
    def get_article(self, article: Article, viewer: User, anonymous: bool) -> None:
        self.read_article(article, None if anonymous else viewer)

    @endpoint("PUT /api/articles/{slug}")
    @rule(
        user=USERS,
        article=ARTICLES,
        fields=st.sets(st.sampled_from(FIELDS), max_size=3),
        title=st.sampled_from(TITLES),
        words=tag_words,
    )
    def update_article(
        self, user: User, article: Article, fields: set[str], title: str, words: list[str]
    ) -> None:
        if not (article.alive or self.may("refused")):
            return
        if not self.may("forbidden"):
            user = article.author
        if not (fields or self.may("invalid")):
            fields = {"body"}
        values = {
            "title": f"{self.ns} {title}",
            "description": f"now about {title}",
            "body": f"Now all about {title}.",
            "tagList": self._tags(words, pad=False),
        }
        body = {"article": {name: values[name] for name in sorted(fields)}}
        answer = self.send(
            "PUT /api/articles/{slug}",
            article.path(),
            body=body,
            token=user.token,
            who=user.username,
        )
        if answer.status == 200:
            self._slugs(article, answer)
            article.title = str(body["article"].get("title", article.title))
            self.read_article(article)

    @endpoint("DELETE /api/articles/{slug}")
    @rule(user=USERS, article=ARTICLES)
    def delete_article(self, user: User, article: Article) -> None:
        if not (article.alive or self.may("refused")):
            return
        if not self.may("forbidden"):
            user = article.author
        answer = self.send(
            "DELETE /api/articles/{slug}", article.path(), token=user.token, who=user.username
        )
        if answer.status == 204:
            article.alive = False
            self.read_article(article)
            self.followers_see(article)

    @endpoint("GET /api/articles")
    @rule(
        by=st.sampled_from(("author", "tag", "favorited")),
        user=USERS,
        word=st.sampled_from(TAG_WORDS),
        viewer=USERS,
        anonymous=st.booleans(),
        page=pages,
    )
    def list_articles(
        self, by: str, user: User, word: str, viewer: User, anonymous: bool, page: tuple[int, int]
    ) -> None:
        value = self.own_tag(word) if by == "tag" else user.username
        path = f"/api/articles?{by}={value}&limit={page[0]}&offset={page[1]}"
        token, who = (None, "") if anonymous else (viewer.token, viewer.username)
        self.send("GET /api/articles", path, token=token, who=who)

    @endpoint("GET /api/articles/feed")
    @rule(viewer=USERS, page=pages)
    def feed(self, viewer: User, page: tuple[int, int]) -> None:
        path = f"/api/articles/feed?limit={page[0]}&offset={page[1]}"
        self.send("GET /api/articles/feed", path, token=viewer.token, who=viewer.username)

    @endpoint("POST /api/articles/{slug}/favorite")
    @rule(user=USERS, article=ARTICLES)
    def favorite(self, user: User, article: Article) -> None:
        self._favorite("POST", user, article)

    @endpoint("DELETE /api/articles/{slug}/favorite")
    @rule(user=USERS, article=ARTICLES)
    def unfavorite(self, user: User, article: Article) -> None:
        self._favorite("DELETE", user, article)

    def _favorite(self, method: str, user: User, article: Article) -> None:
        if not (article.alive or self.may("refused")):
            return
        self.send(
            f"{method} /api/articles/{{slug}}/favorite",
            article.path("/favorite"),
            token=user.token,
            who=user.username,
        )
        self.read_article(article, user)
        if self.can("GET /api/articles"):
            path = f"/api/articles?favorited={user.username}"
            self.send("GET /api/articles", path, token=user.token, who=user.username)
