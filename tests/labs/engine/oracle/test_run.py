"""The oracle on two copies of the reference: silent when they agree, precise when one strays."""

import asyncio
import importlib
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from json import dumps
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from labs.engine.checks import CheckFailed
from labs.engine.client import Api, Reply
from labs.engine.oracle.run import behaves_like_reference, record
from reference_app.app import create_app
from reference_app.database import Database
from reference_app.settings import Settings
from tests.labs.engine.oracle.doctored import Doctored

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


class TagsReversed(Doctored):
    """The reference, but an article with several tags shows them in reverse order."""

    def answered(self, method: str, path: str, reply: Reply) -> Reply:
        body = reply.body
        article = body.get("article") if isinstance(body, dict) else None
        if isinstance(article, dict) and len(article.get("tagList", [])) > 1:
            article["tagList"].reverse()
            reply.text = dumps(body)
        return reply


def test_the_reference_behaves_like_itself(apps: tuple[TestClient[Any], ...]) -> None:
    reference, learner = apps
    report = behaves_like_reference(
        Api(learner), Api(reference), lab="00", regions=EVERYTHING, seed=1
    )
    assert report.sequences >= 5
    assert report.requests > 5 * report.sequences  # most operations send something


def test_a_seed_draws_the_same_requests_every_time(
    apps: tuple[TestClient[Any], ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a seed draws, and the reference's answers, compared as a transcript holds them.

    Between two runs of one seed, the process loads a module full of constants: Hypothesis
    draws now and then from the constants of the modules loaded, which made the same seed draw
    other requests in another process (or after another test). Raw request lines would also
    differ: a slug's random suffix, a comment's id, the run's letters.
    """
    _, learner = apps
    runs = []
    for seed, tag in ((4, "qqaa"), (4, "qqbb"), (5, "qqcc")):
        if tag == "qqbb":
            _load_a_module_full_of_constants(tmp_path, monkeypatch)
        # The app keeps each earlier run's data; each run names its own afresh.
        transcript = record(Api(learner), lab="00", regions=EVERYTHING, seed=seed, tag=tag)
        runs.append(transcript.requests)
    assert runs[0] == runs[1]
    assert runs[0] != runs[2]


def _load_a_module_full_of_constants(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Integers from 100 (smaller ones are not collected) up to 254, which some draws reach.
    numbers = ", ".join(str(n) for n in range(100, 255))
    (folder / "many_constants.py").write_text(f"NUMBERS = [{numbers}]\n")
    monkeypatch.syspath_prepend(str(folder))
    monkeypatch.delitem(sys.modules, "many_constants", raising=False)
    importlib.import_module("many_constants")


def test_a_divergence_is_shrunk_and_replayed_by_its_seed(
    apps: tuple[TestClient[Any], ...],
) -> None:
    reference, learner = apps
    verdicts = []
    for tag in ("qqdd", "qqee"):  # letters no fixed text (nor other test here) holds
        with pytest.raises(CheckFailed) as failed:
            behaves_like_reference(
                TagsReversed(learner), Api(reference), lab="00", regions=EVERYTHING, seed=8,
                tag=tag, sequences=20, seconds=900,  # shrunk by count, never cut by time
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


def test_a_run_past_its_time_fails_saying_so(apps: tuple[TestClient[Any], ...]) -> None:
    reference, learner = apps
    with pytest.raises(CheckFailed) as failed:
        behaves_like_reference(
            Api(learner), Api(reference), lab="00", regions=EVERYTHING, seed=1, seconds=0
        )
    assert "time ran out after 0 requests" in failed.value.got
    assert "slowly" in failed.value.hint
