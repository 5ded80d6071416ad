"""Operations on HTTP validators: an anonymous read sent again with the ETag kept from before.

Each app tags its answers with ETags of its own (they name bodies that hold each app's own
slugs and timestamps), so a read sends each side the tag that side gave last. The answers are
compared as any other: 304 with no body when nothing the answer shows has changed since that
tag was given, 200 with the body when something has (a write drawn in between). An app whose
tag does not follow its data, or that answers 304 to a tag it never gave, differs there.

Only answers that hold nothing but the run's own data are read so: one article, and lists
filtered by the run's own authors and tags (the tags in use hold every run's tags).
"""

from hypothesis import strategies as st
from hypothesis.stateful import rule

from labs.engine.oracle.articles import TAG_WORDS
from labs.engine.oracle.exchange import Answer, PerSide, Side
from labs.engine.oracle.machine import ARTICLES, USERS, Article, Machine, User, endpoint


class CachingRules(Machine):
    def __init__(self) -> None:
        super().__init__()
        # What each side tagged a read with last, by what was read.
        self.tags_given: dict[str, dict[Side, str]] = {}

    def _read_again(self, endpoint: str, key: str, path: PerSide) -> None:
        """Read anonymously with the ETag each side gave last for this read: the one of a read
        just before, when this read has none kept (nothing changed since: 304)."""
        if key not in self.tags_given:
            self._keep(key, self.send(endpoint.removesuffix(" If-None-Match"), path))
        given = dict(self.tags_given.get(key, {}))
        if given:
            answer = self.send(endpoint, path, if_none_match=lambda side: given.get(side, ""))
            self._keep(key, answer)

    def _keep(self, key: str, answer: Answer) -> None:
        """Keep each side's ETag from a 200; a 304 keeps the one sent; anything else, none."""
        if answer.status == 200:
            self.tags_given[key] = {
                side: answer.of(side).headers.get("etag", "") for side in answer.sides
            }
        elif answer.status != 304:
            self.tags_given.pop(key, None)

    @endpoint("GET /api/articles/{slug} If-None-Match")
    @rule(article=ARTICLES)
    def read_article_again(self, article: Article) -> None:
        if article.alive or self.may("refused"):
            key = f"article {id(article)}"
            self._read_again("GET /api/articles/{slug} If-None-Match", key, article.path())

    @endpoint("GET /api/articles If-None-Match")
    @rule(
        by=st.sampled_from(("author", "tag", "favorited")),
        user=USERS,
        word=st.sampled_from(TAG_WORDS),
    )
    def read_list_again(self, by: str, user: User, word: str) -> None:
        value = self.own_tag(word) if by == "tag" else user.username
        path = f"/api/articles?{by}={value}"
        self._read_again("GET /api/articles If-None-Match", path, path)
