"""`course loadtest` end to end, short: the reference against itself passes with its ratios
reported, and a kept wrong implementation is caught by the answers' checks, as failures.

Locust runs in processes of its own, never in pytest's. Nothing here asserts a speed figure:
the budgets are opened wide and the machine is not judged, since CI machines are shared.
"""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from labs.engine.catalog import get_lab
from labs.engine.mistakes import apply_mistake, mistakes_of
from labs.engine.workspace import create, reference_sources
from loadtests.compare import Options, compare_lab
from loadtests.dataset import Size
from loadtests.labs import Budgets
from loadtests.locust_run import LoadShape
from loadtests.targets import REFERENCE, workspace_app

pytestmark = pytest.mark.slow

WIDE_OPEN = Budgets(min_throughput_ratio=0, max_p95_ratio=float("inf"), min_run_requests=1)
# The ramp counted too (no warm-up left out), so that even a starved machine measures some.
SHORT = LoadShape(users=4, spawn_rate=4, seconds=6, warm_up=False)
DISTRIBUTED = replace(SHORT, workers=2)
SMALL = Size(articles=40, users=10)


def options(out: Path) -> Options:
    return Options(out, SHORT, SMALL, WIDE_OPEN, judge_machine=False, pin=False)


def test_the_reference_against_itself_passes_with_ratios(tmp_path: Path) -> None:
    # Locust in its distributed mode: a master and 2 workers.
    report = compare_lab("03", REFERENCE, replace(options(tmp_path), shape=DISTRIBUTED))

    verdict = report.verdict
    assert verdict.status == "pass", (verdict.problems, verdict.invalid, verdict.notes)
    assert verdict.total.rps_ratio is not None
    assert verdict.total.rps_ratio > 0
    assert verdict.total.yours
    assert verdict.total.yours.requests > 0
    saved = json.loads(report.json_path.read_text()) if report.json_path else {}
    assert [run["target"] for run in saved["runs"]] == ["yours", "reference"]
    assert report.html_path
    assert "<svg" in report.html_path.read_text()


def test_a_wrong_count_is_caught_as_failures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lab = get_lab("03")
    # Fast and wrong: the count of a filtered list is the size of its page.
    mistake = next(each for each in mistakes_of(lab) if each.name == "count_is_page_size")
    workspace = create(tmp_path / "ws", apply_mistake(reference_sources(), mistake), ["03"])

    # The results folder relative to where the learner stands, as `course loadtest` gives it:
    # Locust runs in another folder, and its figures must still come back.
    monkeypatch.chdir(tmp_path)
    report = compare_lab("03", workspace_app(workspace.root), options(Path("out")))

    assert report.verdict.status == "fail", (report.verdict.invalid, report.verdict.notes)
    caught = " ".join(failure["error"] for failure in report.runs[0].failures)
    assert "articlesCount is" in caught, report.runs[0].failures
    assert not report.runs[1].failures, "the reference answered the same requests right"
