"""The reference backend passes the official RealWorld test collection, run by newman."""

import shutil

import pytest

from tests.realworld.run_collection import run_collection

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("node") is None or shutil.which("npm") is None,
        reason="node and npm are needed to run the official RealWorld collection (newman)",
    ),
]


def test_the_official_collection_passes_against_a_live_server() -> None:
    from loadtests.serve import reference_server

    with reference_server() as server:
        counts = run_collection(f"{server.url}/api")
    assert counts["requests_failed"] == 0, counts
    assert counts["assertions_failed"] == 0, counts
    # The collection makes about 320 assertions against a conforming server; far fewer means
    # requests stopped early (newman counts only the assertions it reached).
    assert counts["assertions"] >= 300, counts
