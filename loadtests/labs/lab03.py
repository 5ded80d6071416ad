"""Lab 03's load test: readers list, filter and page through articles and read comments, while
writers sign up, write, edit, comment and delete, each checking what they wrote comes back.

Writers tag their articles `load-test` only, and new users are never the seeded authors, so the
counts of a seeded tag or author stay exact while they write: a list that miscounts fails.
"""

# ruff: noqa: S311 - chance here picks what a simulated user does next, never a secret

import random
import uuid

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import PAGE_SIZE, ConduitUser

WRITERS_TAG = "load-test"


class Reader(ConduitUser):
    """Someone browsing: the front page, a tag, an author, a later page, an article's comments."""

    weight = 4

    @task(3)
    def front_page(self) -> None:
        seeded = self.manifest.articles if self.manifest else 0
        self.read_list("/api/articles", {}, at_least=seeded)

    @task(2)
    def by_tag(self) -> None:
        if self.manifest:
            tag, count = random.choice(list(self.manifest.tags.items()))
            self.read_list("/api/articles?tag=[tag]", {"tag": tag}, tag=tag, count=count)

    @task(2)
    def by_author(self) -> None:
        if self.manifest:
            author, count = random.choice(list(self.manifest.authors.items()))
            self.read_list(
                "/api/articles?author=[name]",
                {"author": author},
                author=author,
                count=count,
            )

    @task(2)
    def later_page(self) -> None:
        seeded = self.manifest.articles if self.manifest else PAGE_SIZE
        offset = random.randrange(0, max(1, seeded - PAGE_SIZE))
        self.read_list("/api/articles?offset=[n]", {"offset": offset}, at_least=seeded)

    @task(2)
    def comments(self) -> None:
        slug = self.random_slug()
        if slug:
            self.call(
                "GET",
                f"/api/articles/{slug}/comments",
                name="/api/articles/[slug]/comments",
                status=200,
                check=expect.comments,
            )


class Writer(ConduitUser):
    """Someone who signs up, then writes an article, edits it, comments on it and deletes both."""

    weight = 1

    def on_start(self) -> None:
        self.account = self.sign_up("writer")
        self.written = 0

    @task
    def write_edit_delete(self) -> None:
        if self.account is None:
            self.account = self.sign_up("writer")
            return
        name, token = self.account
        title = f"Load notes {uuid.uuid4().hex[:10]}"
        new = {
            "title": title,
            "description": "Measured.",
            "body": "Numbers. " * 50,
            "tagList": [WRITERS_TAG],
        }
        written = self.call(
            "POST",
            "/api/articles",
            name="/api/articles [write]",
            status=201,
            token=token,
            body={"article": new},
            check=lambda body: expect.article(body, author=name, **new),
        )
        if not written:
            return
        self.written += 1
        slug = written["article"]["slug"]
        retitled = f"Revised notes {uuid.uuid4().hex[:10]}"
        changes = {"title": retitled, "description": "Measured again."}
        # A new title gives a new slug; the tags, not sent, stay.
        edited = self.call(
            "PUT",
            f"/api/articles/{slug}",
            name="/api/articles/[slug] [edit]",
            status=200,
            token=token,
            body={"article": changes},
            check=lambda body: (
                expect.article(body, tagList=[WRITERS_TAG], body=new["body"], **changes)
                or _same_slug(body, slug)
            ),
        )
        if not edited:
            return
        slug = edited["article"]["slug"]
        self.call(
            "GET",
            "/api/articles",
            name="/api/articles?author=[me]",
            status=200,
            token=token,
            params={"author": name, "limit": PAGE_SIZE},
            check=lambda body: expect.article_list(
                body, limit=PAGE_SIZE, author=name, count=self.written
            ),
        )
        text = f"A comment {uuid.uuid4().hex[:8]}"
        said = self.call(
            "POST",
            f"/api/articles/{slug}/comments",
            name="/api/articles/[slug]/comments [write]",
            status=200,
            token=token,
            body={"comment": {"body": text}},
            check=lambda body: expect.comment(body, text=text, author=name),
        )
        if said:
            comment_id = said["comment"]["id"]
            self.call(
                "DELETE",
                f"/api/articles/{slug}/comments/{comment_id}",
                name="/api/articles/[slug]/comments/[id] [delete]",
                status=204,
                token=token,
            )
        if (
            self.call(
                "DELETE",
                f"/api/articles/{slug}",
                name="/api/articles/[slug] [delete]",
                status=204,
                token=token,
            )
            is not None
        ):
            self.written -= 1
            self.call(
                "GET",
                f"/api/articles/{slug}",
                name="/api/articles/[deleted]",
                status=404,
                check=lambda body: expect.errors(body, field="article"),
            )


def _same_slug(body: dict[str, dict[str, str]], old: str) -> str | None:
    if body["article"]["slug"] == old:
        return f"the title changed but the slug is still {old!r}"
    return None
