"""One check's verdict read from a result file: passed, failed with its reason, or no result."""

import json
from dataclasses import asdict
from pathlib import Path

from graders.export.verdict import verdict
from labs.engine.results import CheckResult, RunResult


def _result(tmp_path: Path) -> Path:
    checks = [
        CheckResult("01", "health_answers_ok", "GET /health answers 200.", "t", 2, False, "passed"),
        CheckResult(
            "01", "tags_are_listed", "GET /api/tags lists tags.", "t", 2, False, "failed",
            message="expected 200, got 500",
        ),
        CheckResult("01", "tags_sorted", "Tags come sorted.", "t", 1, False, "skipped"),
    ]  # fmt: skip
    path = tmp_path / "lab-result.json"
    path.write_text(json.dumps(asdict(RunResult("in-process", "workspace", checks))))
    return path


def test_a_passed_check_passes(tmp_path: Path) -> None:
    assert verdict(_result(tmp_path), "01:health_answers_ok") == (
        True,
        "passed: GET /health answers 200.",
    )


def test_a_failed_check_fails_with_its_reason(tmp_path: Path) -> None:
    ok, message = verdict(_result(tmp_path), "01:tags_are_listed")
    assert not ok
    assert message == "failed: GET /api/tags lists tags.\nexpected 200, got 500"


def test_a_skipped_check_earns_nothing(tmp_path: Path) -> None:
    assert not verdict(_result(tmp_path), "01:tags_sorted")[0]


def test_an_unknown_check_or_a_missing_result_fails_and_says_so(tmp_path: Path) -> None:
    assert verdict(_result(tmp_path), "02:health_answers_ok") == (
        False,
        f"no check 02:health_answers_ok in {tmp_path / 'lab-result.json'}",
    )
    ok, message = verdict(tmp_path / "nothing.json", "01:health_answers_ok")
    assert not ok
    assert "the checks could not run" in message
