"""The oracle on two copies of the reference: silent when they agree, precise when one strays."""

import asyncio
import json
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from labs.engine.checks import CheckFailed
from labs.engine.client import Api, Reply
from labs.engine.oracle.run import behaves_like_reference
from reference_app.app import create_app
from reference_app.database import Database
from reference_app.settings import Settings

# Every endpoint the oracle knows, each pointing to a region named after it.
EVERYTHING = {
    name: [f"region of {name}"]
    for name in (
        "GET /health",
        "GET /api/tags",
        "GET /api/{nowhere}",
        "DELETE /api/tags",
        "PUT /health",
        "GET /api/user (not signed in)",
        "GET /api/user (bad token)",
        "POST /api/users (invalid body)",
        "POST /api/users (broken JSON)",
        "POST /api/users",
        "POST /api/users/login",
        "GET /api/user",
        "PUT /api/user",
        "GET /api/profiles/{username}",
        "POST /api/profiles/{username}/follow",
        "DELETE /api/profiles/{username}/follow",
        "POST /api/articles",
        "GET /api/articles",
        "GET /api/articles/feed",
        "GET /api/articles/{slug}",
        "PUT /api/articles/{slug}",
        "DELETE /api/articles/{slug}",
        "POST /api/articles/{slug}/favorite",
        "DELETE /api/articles/{slug}/favorite",
        "POST /api/articles/{slug}/comments",
        "GET /api/articles/{slug}/comments",
        "DELETE /api/articles/{slug}/comments/{id}",
    )
}


@contextmanager
def _reference_app() -> Iterator[TestClient[Any]]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            environment="test",
            database_url=f"sqlite+aiosqlite:///{folder}/conduit.db",
            data_dir=Path(folder),
            secret_key="a-test-secret-that-is-long-enough-for-any-environment",
            bcrypt_rounds=4,
        )

        async def create_tables() -> None:
            database = Database(settings.database_url)
            await database.create_tables()
            await database.dispose()

        asyncio.run(create_tables())
        with TestClient(app=create_app(settings), raise_server_exceptions=False) as client:
            yield client


@pytest.fixture(scope="module")
def apps() -> Iterator[tuple[TestClient[Any], TestClient[Any]]]:
    with _reference_app() as reference, _reference_app() as learner:
        yield reference, learner


class Recording(Api):
    """An API that remembers every request line it was sent."""

    def __init__(self, transport: Any) -> None:
        super().__init__(transport)
        self.lines: list[str] = []

    def request(self, method: str, path: str, **kwargs: Any) -> Reply:
        reply = super().request(method, path, **kwargs)
        self.lines.append(reply.request_line())
        return reply


class TagsReversed(Api):
    """The reference, but an article with several tags shows them in reverse order."""

    def request(self, method: str, path: str, **kwargs: Any) -> Reply:
        reply = super().request(method, path, **kwargs)
        body = reply.body
        article = body.get("article") if isinstance(body, dict) else None
        if isinstance(article, dict) and len(article.get("tagList", [])) > 1:
            article["tagList"].reverse()
            reply.text = json.dumps(body)
        return reply


def test_the_reference_behaves_like_itself(apps: tuple[TestClient[Any], ...]) -> None:
    reference, learner = apps
    report = behaves_like_reference(
        Api(learner), Api(reference), lab="00", regions=EVERYTHING, seed=1
    )
    assert report.sequences >= 5
    assert report.requests > 5 * report.sequences  # most operations send something


@pytest.mark.xfail(
    strict=False,
    reason=(
        "open: on a loaded 2-core machine the same seed drew other requests once (seen "
        "in the last CI run); under investigation"
    ),
)
def test_a_seed_draws_the_same_requests_every_time(apps: tuple[TestClient[Any], ...]) -> None:
    reference, learner = apps
    runs = []
    for seed, tag in ((3, "first"), (3, "again"), (4, "other")):
        api = Recording(learner)
        behaves_like_reference(
            api, Api(reference), lab="00", regions=EVERYTHING, seed=seed, tag=tag
        )
        # Each run names its data afresh (the apps keep the last run's); the rest is the seed's.
        runs.append([re.sub(tag, "<run>", line, flags=re.IGNORECASE) for line in api.lines])
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def test_a_divergence_is_shrunk_and_replayed_by_its_seed(
    apps: tuple[TestClient[Any], ...],
) -> None:
    reference, learner = apps
    verdicts = []
    for tag in ("first", "again"):
        with pytest.raises(CheckFailed) as failed:
            behaves_like_reference(
                TagsReversed(learner), Api(reference), lab="00", regions=EVERYTHING, seed=8,
                tag=tag, sequences=20,
            )  # fmt: skip
        error = failed.value
        verdicts.append(CheckFailed(*(re.sub(tag, "<run>", part, flags=re.I) for part in (
            error.sent, error.expected, error.got, error.hint))))  # fmt: skip
    first, again = verdicts
    requests = first.sent.splitlines()
    assert 2 <= len(requests) <= 4, first.sent
    assert requests[0].startswith("1. POST /api/users ")
    assert "tagList" in first.hint
    assert "region of" in first.hint
    assert "course check 00 --seed 8" in first.hint
    assert first.expected != first.got
    assert (again.sent, again.expected, again.got) == (first.sent, first.expected, first.got)
