"""Follows and feeds: the oracle reads a feed wherever what it shows changes.

An app whose feed is always empty once answered every public seed of lab 05 as the reference
did (the red team's empty_feed): the feed was read only by users who followed no writer.
"""

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from json import dumps
from typing import Any

import pytest

from labs.engine.catalog import all_labs
from labs.engine.checks import CheckFailed
from labs.engine.client import Api, Reply
from labs.engine.oracle.exchange import Divergence
from labs.engine.oracle.machine import Machine, User, machine_for
from labs.engine.oracle.record import oracle_of
from labs.engine.oracle.reference import reference_here
from labs.engine.oracle.run import AllRules, behaves_like_reference
from labs.engine.oracle.transcripts import PUBLIC_SEEDS, load
from tests.labs.engine.oracle.doctored import Doctored
from tests.labs.engine.oracle.test_transcripts import Transcripts

FEED = "GET /api/articles/feed"
# The labs whose oracle reads the feed.
FEED_LABS = [lab for lab in all_labs().values() if FEED in oracle_of(lab)[0]]
# A machine driven by hand sends through `Machine.send`, which asks Hypothesis to `assume`.
by_hand = pytest.mark.filterwarnings("ignore:Using `assume` outside")


class EmptyFeed(Doctored):
    """The reference, but its feed shows no article, ever (the red team's empty_feed)."""

    def answered(self, method: str, path: str, reply: Reply) -> Reply:
        if method == "GET" and path.startswith("/api/articles/feed") and reply.status == 200:
            reply.text = dumps({"articles": [], "articlesCount": 0})
        return reply


@pytest.fixture(scope="module")
def reference() -> Iterator[Api]:
    with reference_here() as api:
        yield api


@pytest.fixture(scope="module")
def learner() -> Iterator[Api]:
    """Another reference app, checked as a learner's would be."""
    with reference_here() as api:
        yield api


def test_some_lab_reads_the_feed() -> None:
    assert [lab.number for lab in FEED_LABS] == ["05", "09"]


@pytest.mark.parametrize("lab", FEED_LABS, ids=lambda lab: lab.number)
@pytest.mark.parametrize("seed", PUBLIC_SEEDS)
def test_every_public_seed_tells_an_empty_feed_from_the_reference(
    lab: Any, seed: int, learner: Api
) -> None:
    regions, refusals = oracle_of(lab)
    with pytest.raises(CheckFailed) as failed:
        behaves_like_reference(
            EmptyFeed(learner.transport), Transcripts(), lab=lab.number, regions=regions,
            seed=seed, refusals=refusals,
        )  # fmt: skip
    assert "GET /api/articles/feed" in failed.value.sent.splitlines()[-1]
    # The reference itself replays the same seed to the end: the feed reads compare cleanly.
    report = behaves_like_reference(
        learner, Transcripts(), lab=lab.number, regions=regions, seed=seed, refusals=refusals
    )
    assert report.requests == len(load(lab.folder, seed).requests)  # type: ignore[union-attr]


def _machine(reference: Api, learner: Api, pool: ThreadPoolExecutor, tag: str) -> Any:
    """A machine with lab 05's operations, driven by hand (its rules called as methods)."""
    regions, refusals = oracle_of(all_labs()["05"])
    kind = machine_for(
        AllRules, frozenset(regions), frozenset(refusals), reference, learner, pool, tag
    )
    return kind()


def _feeds_read(machine: Machine) -> list[tuple[str, list[str]]]:
    """Each feed read so far: whose, and the authors of the articles it showed."""
    reads = []
    for step in machine.exchange.steps:
        if step.endpoint == FEED:
            body = step.normalised["reference"]["body"]
            who = step.line.rpartition("(as ")[2].rstrip(")")
            reads.append((who, [article["author"]["username"] for article in body["articles"]]))
    return reads


def _register(machine: Any) -> User:
    user = machine.register(name="ada", mail="ada", shout=False)  # the first name still free
    assert isinstance(user, User)
    return user


@by_hand
def test_a_feed_is_read_when_a_writer_is_followed_unfollowed_and_deletes(
    reference: Api, learner: Api
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        machine = _machine(reference, learner, pool, "qqfa")
        ada, bo = _register(machine), _register(machine)
        article = machine.create_article(author=ada, title="Tea & cake", words=[], pad=False)
        assert _feeds_read(machine) == [(bo.username, [ada.username])]  # bo follows ada, a writer
        assert ada.followers == [bo]
        machine.unfollow(viewer=bo, user=ada)
        machine.unfollow(viewer=bo, user=ada)  # not followed: no feed changes, none is read
        machine.follow(viewer=bo, user=ada)
        machine.delete_article(user=ada, article=article)
        machine.follow(viewer=ada, user=bo)  # bo wrote nothing: ada's feed stays as it was
        assert _feeds_read(machine)[1:] == [
            (bo.username, []),  # unfollowed
            (bo.username, [ada.username]),  # followed again
            (bo.username, []),  # the article is gone
        ]
        assert ada.followers == [bo]
        assert bo.followers == [ada]


@by_hand
def test_an_empty_feed_differs_as_soon_as_a_followed_writer_writes(
    reference: Api, learner: Api
) -> None:
    with ThreadPoolExecutor(max_workers=1) as pool:
        machine = _machine(reference, EmptyFeed(learner.transport), pool, "qqfb")
        ada, bo = _register(machine), _register(machine)
        machine.follow(viewer=bo, user=ada)  # ada has written nothing: no feed is read
        with pytest.raises(Divergence) as differs:
            machine.create_article(author=ada, title="Hello world", words=[], pad=False)
        last = differs.value.steps[-1]
        assert last.endpoint == FEED
        assert f"as {bo.username}" in last.line
