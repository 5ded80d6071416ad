"""The oracle in `course check`: the seed in the result, a planted difference found, replayed."""

import re
from pathlib import Path

import pytest

from labs.engine.catalog import get_lab
from labs.engine.oracle.plugin import SEED_ENV
from labs.engine.oracle.transcripts import PUBLIC_SEEDS
from labs.engine.results import CheckResult, RunResult
from labs.engine.runner import run_checks
from labs.engine.starter import put_regions
from labs.engine.workspace import create, reference_sources

LAB = get_lab("01")
# One region changed: the health check no longer says how its database is.
HEALTH_WITHOUT_DATABASE = """\
    return Response({"status": "ok"}, status_code=HTTP_200_OK)
"""
RUN_TAG = re.compile(r"\b([a-z]{4})(\d{3})\b")  # the letters that name one run's data


def _oracle(run: RunResult) -> CheckResult:
    (found,) = [c for c in run.of_lab(LAB.number) if c.id == "behaves_like_reference"]
    return found


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sources = put_regions(reference_sources(), LAB.number, {"health": HEALTH_WITHOUT_DATABASE})
    return create(tmp_path_factory.mktemp("planted"), sources, []).root


def test_the_seed_is_in_the_result_and_the_reference_passes(tmp_path: Path) -> None:
    workspace = create(tmp_path / "reference", reference_sources(), []).root
    run = run_checks([LAB], workspace=workspace, seed=1234)
    assert run.seed == 1234
    oracle = _oracle(run)
    assert (oracle.status, oracle.seed) == ("passed", 1234), oracle.message


def test_without_a_seed_a_recorded_one_is_replayed_and_told(
    planted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(SEED_ENV, raising=False)
    oracle = _oracle(run_checks([LAB], workspace=planted))
    assert oracle.seed in PUBLIC_SEEDS
    assert oracle.status == "failed", oracle.message
    assert oracle.sent.splitlines()[-1].endswith(". GET /health")  # up to the difference
    assert "a recorded run, replayed" in oracle.hint
    assert f"course check 01 --seed {oracle.seed}" in oracle.hint


def test_a_planted_difference_is_shrunk_to_one_request_and_replayed(planted: Path) -> None:
    verdicts = []
    for _ in range(2):
        oracle = _oracle(run_checks([LAB], workspace=planted, seed=99))
        assert oracle.status == "failed", oracle.message
        verdicts.append(
            [RUN_TAG.sub(r"<run>\2", part) for part in (oracle.sent, oracle.expected, oracle.got)]
        )
        assert "course check 01 --seed 99" in oracle.hint
        assert "health" in oracle.hint
    sent, expected, got = verdicts[0]
    assert sent == "1. GET /health"
    assert '"database": "ok"' in expected
    assert '"database"' not in got
    assert verdicts[1] == verdicts[0]
