"""Reads sent again with each side's own ETag: 304 while nothing changed, and a divergence
when an app never answers 304 (or answers it after a change)."""

from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient

from labs.engine.checks import CheckFailed
from labs.engine.client import Api
from labs.engine.oracle.run import behaves_like_reference, record
from tests.labs.engine.oracle.doctored import Doctored
from tests.labs.engine.oracle.test_run import _reference_app

REGIONS = {
    name: [f"region of {name}"]
    for name in (
        "POST /api/users",
        "POST /api/articles",
        "PUT /api/articles/{slug}",
        "POST /api/articles/{slug}/favorite",
        "GET /api/articles/{slug} If-None-Match",
        "GET /api/articles If-None-Match",
    )
}


@pytest.fixture(scope="module")
def apps() -> Iterator[tuple[TestClient[Any], TestClient[Any]]]:
    with _reference_app() as reference, _reference_app() as learner:
        yield reference, learner


class NeverNotModified(Doctored):
    """The reference, but If-None-Match is never read: every read answers 200."""

    def sent_headers(self, headers: dict[str, str] | None) -> dict[str, str] | None:
        kept = {
            name: value
            for name, value in (headers or {}).items()
            if name.lower() != "if-none-match"
        }
        return kept or None


def test_a_read_sent_again_with_its_etag_is_answered_304(
    apps: tuple[TestClient[Any], ...],
) -> None:
    _, learner = apps
    transcript = record(Api(learner), lab="00", regions=REGIONS, seed=4, tag="qqff")
    statuses = {
        (request["endpoint"], request["answer"]["status"]) for request in transcript.requests
    }
    assert ("GET /api/articles If-None-Match", 304) in statuses
    assert any(
        endpoint.endswith("If-None-Match") and status == 200 for endpoint, status in statuses
    ), "some read sent again after a write is answered anew"


def test_an_app_that_never_answers_304_differs_there(apps: tuple[TestClient[Any], ...]) -> None:
    reference, learner = apps
    with pytest.raises(CheckFailed) as failed:
        behaves_like_reference(
            NeverNotModified(learner), Api(reference), lab="00", regions=REGIONS, seed=20261203,
            tag="qqgg",
        )  # fmt: skip
    assert "If-None-Match" in failed.value.hint
    assert "differ at status" in failed.value.hint
