"""Lab 08's load test, short: under load, a cache that forgets too little is caught by the
answers' checks (the writer's read-back after an edit), and the reference answers it right.

Locust runs in processes of its own; nothing here asserts a speed figure (budgets wide open).
"""

from pathlib import Path

import pytest

from labs.engine.catalog import get_lab
from labs.engine.mistakes import apply_mistake, mistakes_of
from labs.engine.workspace import create, reference_sources
from loadtests.compare import Options, compare_lab
from loadtests.dataset import Size
from loadtests.labs import Budgets
from loadtests.locust_run import LoadShape
from loadtests.targets import workspace_app

pytestmark = pytest.mark.slow

WIDE_OPEN = Budgets(min_throughput_ratio=0, max_p95_ratio=float("inf"), min_run_requests=1)
SHORT = LoadShape(users=4, spawn_rate=4, seconds=6, warm_up=False)


def test_a_list_left_stale_after_an_edit_is_caught_as_failures(tmp_path: Path) -> None:
    lab = get_lab("08")
    mistake = next(each for each in mistakes_of(lab) if each.name == "edit_leaves_lists_stale")
    workspace = create(tmp_path / "ws", apply_mistake(reference_sources(), mistake), ["08"])
    options = Options(
        tmp_path / "out",
        SHORT,
        Size(articles=40, users=10),
        WIDE_OPEN,
        judge_machine=False,
        pin=False,
    )

    report = compare_lab("08", workspace_app(workspace.root), options)

    assert report.verdict.status == "fail", (report.verdict.invalid, report.verdict.notes)
    caught = " ".join(failure["error"] for failure in report.runs[0].failures)
    assert "the list shows the description" in caught, report.runs[0].failures
    assert not report.runs[1].failures, "the reference answered the same requests right"
