"""Operations on comments: add one, list an article's, delete one."""

from hypothesis import strategies as st
from hypothesis.stateful import MultipleResults, multiple, rule

from labs.engine.oracle.machine import (
    ARTICLES,
    COMMENTS,
    USERS,
    Article,
    Comment,
    Machine,
    User,
    endpoint,
)

BODIES = ("First!", "Thank you, this helped.", "Ça marche très bien.")


class CommentRules(Machine):
    @endpoint("POST /api/articles/{slug}/comments")
    @rule(target=COMMENTS, user=USERS, article=ARTICLES, text=st.sampled_from(BODIES))
    def add_comment(
        self, user: User, article: Article, text: str
    ) -> Comment | MultipleResults[Comment]:
        if not (article.alive or self.may("refused")):
            return multiple()
        body = {"comment": {"body": text}}
        answer = self.send(
            "POST /api/articles/{slug}/comments",
            article.path("/comments"),
            body=body,
            token=user.token,
            who=user.username,
        )
        if answer.status not in (200, 201):
            return multiple()
        ids = {side: answer.of(side).body["comment"]["id"] for side in answer.sides}
        self.read_comments(article)
        return Comment(article, user, ids)

    @endpoint("GET /api/articles/{slug}/comments")
    @rule(article=ARTICLES, viewer=USERS, anonymous=st.booleans())
    def list_comments(self, article: Article, viewer: User, anonymous: bool) -> None:
        if not (article.alive or self.may("refused")):
            return
        token, who = (None, "") if anonymous else (viewer.token, viewer.username)
        path = article.path("/comments")
        self.send("GET /api/articles/{slug}/comments", path, token=token, who=who)

    @endpoint("DELETE /api/articles/{slug}/comments/{id}")
    @rule(user=USERS, comment=COMMENTS)
    def delete_comment(self, user: User, comment: Comment) -> None:
        if not ((comment.alive and comment.article.alive) or self.may("refused")):
            return
        if not self.may("forbidden"):
            user = comment.author
        article = comment.article
        answer = self.send(
            "DELETE /api/articles/{slug}/comments/{id}",
            lambda side: f"/api/articles/{article.slugs[side]}/comments/{comment.ids[side]}",
            token=user.token,
            who=user.username,
        )
        if answer.status == 204:
            comment.alive = False
            for side, ids in self.exchange.ids.items():
                ids.forget(comment.ids[side])
        self.read_comments(article)
