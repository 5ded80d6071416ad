"""The verdict: wrong answers fail whatever the machine did; speed is judged only on figures
that can be trusted, and the reasons they cannot are said."""

from dataclasses import replace

import pytest

from loadtests.labs import Budgets
from loadtests.locust_run import Endpoint, Measurement
from loadtests.machine import Usage
from loadtests.verdict import judge

QUIET = Usage(
    seconds=10, generator_cores=0.3, generator_peak=0.4, server_cores=0.9, others_share=0.02,
    steal_share=0.0, load_average=1.0, cpus=[1, 0],
)  # fmt: skip
BUDGETS = Budgets()


def a_run(target: str, *, rps: float = 100, p95: float = 50, failures: int = 0,
          usage: Usage = QUIET) -> Measurement:  # fmt: skip
    endpoint = Endpoint("GET /api/articles", 1000, failures, rps, p95 / 2, p95, p95 * 2)
    total = replace(endpoint, name="Aggregated")
    return Measurement(target, "http://127.0.0.1:1", [endpoint], total, usage)


def test_the_same_figures_pass_with_their_ratios() -> None:
    verdict = judge("02", a_run("yours"), a_run("reference"), BUDGETS)

    assert verdict.status == "pass", verdict
    assert (verdict.total.rps_ratio, verdict.total.p95_ratio) == (1.0, 1.0)


def test_wrong_answers_fail_even_when_the_machine_was_busy() -> None:
    busy = replace(QUIET, others_share=0.6)
    verdict = judge("02", a_run("yours", failures=3, usage=busy), a_run("reference"), BUDGETS)

    assert verdict.status == "fail"
    assert any("3 of 1000 requests failed" in problem for problem in verdict.problems)
    assert verdict.invalid, "the busy machine is still reported"


@pytest.mark.parametrize(
    ("yours", "problem"),
    [
        (a_run("yours", rps=40), "40% of the reference's"),
        (a_run("yours", p95=120), "2.4 times the reference's"),
    ],
    ids=["throughput", "p95"],
)
def test_a_slow_server_fails_its_budget_on_a_quiet_machine(
    yours: Measurement, problem: str
) -> None:
    verdict = judge("02", yours, a_run("reference"), BUDGETS)

    assert verdict.status == "fail"
    assert any(problem in each for each in verdict.problems), verdict.problems


@pytest.mark.parametrize(
    ("usage", "reason"),
    [
        (replace(QUIET, generator_cores=0.9), "load generator used 90%"),
        (replace(QUIET, generator_peak=0.99), "99% at its peak"),
        (replace(QUIET, others_share=0.5), "too busy to compare"),
        (replace(QUIET, steal_share=0.2), "hypervisor stole 20%"),
    ],
    ids=["generator saturated", "generator peaked", "others on our CPUs", "steal"],
)
def test_untrustworthy_speed_is_invalid_not_failed(usage: Usage, reason: str) -> None:
    slow_and_untrusted = a_run("yours", rps=10, usage=usage)

    verdict = judge("02", slow_and_untrusted, a_run("reference", usage=usage), BUDGETS)

    assert verdict.status == "invalid", verdict
    assert any(reason in each for each in verdict.invalid), verdict.invalid
    assert not verdict.problems, "speed is not judged on figures that cannot be trusted"


def test_runs_under_different_conditions_are_not_compared() -> None:
    a_bit_busy = replace(QUIET, others_share=0.14)

    verdict = judge("02", a_run("yours", usage=a_bit_busy), a_run("reference"), BUDGETS)

    assert verdict.status == "invalid"
    assert any("conditions differ" in each for each in verdict.invalid), verdict.invalid


def test_too_few_requests_or_a_failing_reference_make_a_run_invalid() -> None:
    few = Budgets(min_run_requests=5000)
    assert judge("02", a_run("yours"), a_run("reference"), few).status == "invalid"
    failing_reference = judge("02", a_run("yours"), a_run("reference", failures=1), BUDGETS)
    assert any("the reference failed" in each for each in failing_reference.invalid)


def test_without_judging_the_machine_only_the_answers_and_budgets_count() -> None:
    busy = replace(QUIET, others_share=0.9, generator_cores=1.0)

    verdict = judge("02", a_run("yours", usage=busy), a_run("reference"), BUDGETS,
                    judge_machine=False)  # fmt: skip

    assert verdict.status == "pass", verdict.invalid
