"""Lab 08's load test: readers revalidate what they read while writers edit and read back.

Readers read the front page, the tags and articles anonymously, as a browser does with
`Cache-Control: no-cache`: each read sends back the ETag its path was last answered with. A 304
must come with no body; a 200 must be a right answer and carry an ETag. Writers publish an
article, then keep rewording it and reading it back at once, anonymously, the article and their
own list: a read after the writer heard 200 must show the new words, so a cache that forgets
too little fails here, under load, where two requests in the wrong order are likely.
"""

import uuid
from collections.abc import Callable
from typing import Any

from locust import task

from loadtests.labs import expect
from loadtests.labs.conduit_user import PAGE_SIZE, ConduitUser, gist

Check = Callable[[Any], str | None]


class Writer(ConduitUser):
    """Someone who keeps rewording their article and reading it back as their readers will."""

    weight = 1

    def on_start(self) -> None:
        self.slug = ""
        self.account = self.sign_up("writer")
        if self.account is None:
            return
        article = {"title": f"Draft {uuid.uuid4().hex[:8]}", "description": "d", "body": "b"}
        answer = self.call(
            "POST",
            "/api/articles",
            name="/api/articles [write]",
            status=201,
            body={"article": article},
            token=self.account[1],
            check=lambda body: expect.article(body, title=article["title"]),
        )
        self.slug = answer["article"]["slug"] if answer else ""

    @task
    def reword_and_read_back(self) -> None:
        if not (self.account and self.slug):
            return
        author = self.account[0]
        # The same title, so the same slug: the entry to forget is the one readers hold.
        said = f"Take {uuid.uuid4().hex[:8]}"
        answer = self.call(
            "PUT",
            f"/api/articles/{self.slug}",
            name="/api/articles/[slug] [edit]",
            status=200,
            body={"article": {"description": said, "body": said}},
            token=self.account[1],
            check=lambda body: expect.article(body, description=said, body=said),
        )
        if answer is None:
            return
        slug = self.slug = answer["article"]["slug"]
        # Anonymous, right after the 200: what any reader would now be shown.
        self.call(
            "GET",
            f"/api/articles/{slug}",
            name="/api/articles/[slug] [after an edit]",
            status=200,
            check=lambda body: expect.article(body, slug=slug, description=said, body=said),
        )
        self.call(
            "GET",
            "/api/articles",
            name="/api/articles?author= [after an edit]",
            status=200,
            params={"author": author, "limit": PAGE_SIZE},
            check=lambda body: _one_saying(body, said, author=author),
        )


def _one_saying(body: Any, said: str, author: str) -> str | None:
    """The author's list: their one article, described so."""
    problem = expect.article_list(body, limit=PAGE_SIZE, count=1, author=author)
    if problem:
        return problem
    shown = body["articles"][0].get("description")
    return None if shown == said else f"the list shows the description {shown!r}, not {said!r}"


class Reader(ConduitUser):
    """Someone browsing without an account, whose browser revalidates what it kept."""

    weight = 3

    def on_start(self) -> None:
        self.etags: dict[str, str] = {}

    def revalidate(self, path: str, name: str, check: Check) -> None:
        """GET `path` with the ETag it was last answered with: 304 and no body, or a right 200
        with an ETag."""
        kept = self.etags.get(path, "")
        headers = {"If-None-Match": kept} if kept else {}
        with self.client.request(
            "GET", path, name=name, headers=headers, catch_response=True
        ) as response:
            if response.status_code == 304 and kept:
                if response.content:
                    response.failure(f"a 304 with a body: {gist(response.text)}")
                else:
                    response.success()
                return
            if response.status_code != 200:
                response.failure(f"answered {response.status_code}: {gist(response.text)}")
                return
            etag = response.headers.get("etag", "")
            try:
                problem = check(response.json()) or (None if etag else "no ETag on a 200")
            except ValueError:
                problem = f"the body is not JSON: {response.text[:120]}"
            if problem:
                response.failure(problem)
                self.etags.pop(path, None)
                return
            response.success()
            self.etags[path] = etag

    @task(2)
    def front_page(self) -> None:
        self.revalidate(
            f"/api/articles?limit={PAGE_SIZE}",
            "/api/articles [revalidated]",
            lambda body: expect.article_list(body, limit=PAGE_SIZE),
        )

    @task(1)
    def tags(self) -> None:
        self.revalidate("/api/tags", "/api/tags [revalidated]", _tags)

    @task(2)
    def an_article(self) -> None:
        slug = self.random_slug()
        if slug:
            self.revalidate(
                f"/api/articles/{slug}",
                "/api/articles/[slug] [revalidated]",
                lambda body: expect.article(body, slug=slug),
            )


def _tags(body: Any) -> str | None:
    tags = body.get("tags") if isinstance(body, dict) else None
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        return f'not {{"tags": [text, ...]}}: {str(body)[:120]}'
    return None
