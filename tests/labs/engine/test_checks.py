"""The `check` decorator: what a check must declare."""

import pytest

from labs.engine.checks import check
from labs.engine.results import CheckResult, RunResult


def test_a_check_must_say_which_rule_it_holds() -> None:
    with pytest.raises(ValueError, match="rule must be one of"):
        check(points=1, task="Health", rule="house")  # type: ignore[arg-type]


def _result(id: str, rule: str, status: str, points: int = 2) -> CheckResult:
    return CheckResult("01", id, id, "t", points, False, status, rule=rule)


def test_scores_are_reported_for_the_contract_and_the_course_apart() -> None:
    run = RunResult(
        "url",
        "http://127.0.0.1:8000",
        [
            _result("a", "contract", "passed"),
            _result("b", "contract", "failed"),
            _result("c", "course", "passed", points=1),
            _result("d", "course", "n/a"),
        ],
    )
    assert (run.score(rule="contract"), run.possible(rule="contract")) == (2, 4)
    assert (run.score(rule="course"), run.possible(rule="course")) == (1, 1)
    assert (run.score("01"), run.possible("01")) == (3, 5)
