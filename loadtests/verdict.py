"""The verdict of a load test: your server's figures beside the reference's, against the budgets,
and whether the figures can be trusted at all.

Three outcomes, in this order:
- **fail** when your server answered wrong (a failed request is a wrong status or wrong fields,
  whatever the machine was doing), or, on a run that can be trusted, missed a speed budget;
- **invalid** when the speed figures cannot be trusted (see `validity`): correctness is still
  judged, speed is not;
- **pass** otherwise.
"""

from dataclasses import dataclass, field

from loadtests.labs import Budgets
from loadtests.locust_run import Endpoint, Measurement
from loadtests.machine import Usage

# A generator past this much of its core (on average, or over any second) measured itself.
GENERATOR_MEAN_LIMIT = 0.80
GENERATOR_PEAK_LIMIT = 0.95
# Other processes may take this share of the CPUs the run used, and no more.
OTHERS_LIMIT = 0.15
STEAL_LIMIT = 0.05
# The two runs' "others" may differ by this much, and no more, to be compared.
OTHERS_DIFFERENCE_LIMIT = 0.10


@dataclass(frozen=True, slots=True)
class Row:
    """One endpoint: both servers' figures, their ratios, and what the budgets say of them."""

    endpoint: str
    yours: Endpoint | None
    reference: Endpoint | None
    rps_ratio: float | None
    p95_ratio: float | None
    problems: list[str]


@dataclass(slots=True)
class Verdict:
    lab: str
    status: str  # "pass", "fail" or "invalid"
    rows: list[Row]
    total: Row
    problems: list[str] = field(default_factory=list)  # budgets missed, failures
    invalid: list[str] = field(default_factory=list)  # why the speed figures are not trusted
    notes: list[str] = field(default_factory=list)


def _ratio(yours: float, reference: float, floor: float = 0.0) -> float | None:
    bottom = max(reference, floor)
    return max(yours, floor) / bottom if bottom > 0 else None


def usage_problems(label: str, usage: Usage, *, server_watched: bool) -> list[str]:
    """Why one run's speed figures are not to be trusted, if they are not."""
    problems = []
    if usage.generator_cores > GENERATOR_MEAN_LIMIT or usage.generator_peak > GENERATOR_PEAK_LIMIT:
        problems.append(
            f"{label}: the load generator used {usage.generator_cores:.0%} of its CPU on average "
            f"and {usage.generator_peak:.0%} at its peak: it measured itself as much as the server"
        )
    if server_watched and usage.others_share > OTHERS_LIMIT:
        problems.append(
            f"{label}: other processes took {usage.others_share:.0%} of the CPUs of the run "
            f"({', '.join(map(str, usage.cpus))}; load average {usage.load_average:.1f}): "
            "the machine is too busy to compare"
        )
    if usage.steal_share > STEAL_LIMIT:
        problems.append(
            f"{label}: the hypervisor stole {usage.steal_share:.0%} of the CPU time: "
            "the machine is too busy to compare"
        )
    return problems


def validity(
    yours: Measurement, reference: Measurement, budgets: Budgets, *, judge_machine: bool
) -> list[str]:
    """Why the two runs' speed figures cannot be compared, if they cannot (none: they can)."""
    problems = []
    for run in (yours, reference):
        if run.exit_code != 0:
            problems.append(f"{run.target}: Locust exited with {run.exit_code}:\n{run.log_tail}")
        if run.exceptions:
            problems.append(
                f"{run.target}: the scenario itself raised (a bug of the load test): "
                + "; ".join(run.exceptions[:3])
            )
        if run.total.requests < budgets.min_run_requests:
            problems.append(
                f"{run.target}: only {run.total.requests} requests were measured "
                f"(fewer than {budgets.min_run_requests}): run longer or with more users"
            )
        if judge_machine:
            watched = run.usage.server_cores is not None
            problems += usage_problems(run.target, run.usage, server_watched=watched)
    if reference.total.failures:
        problems.append(
            f"the reference failed {reference.total.failures} requests: the machine, or the "
            "scenario, is at fault, not your server"
        )
    difference = abs(yours.usage.others_share - reference.usage.others_share)
    # A server by URL is not watched: on this machine its CPU counts as "others".
    both_watched = None not in (yours.usage.server_cores, reference.usage.server_cores)
    if judge_machine and both_watched and difference > OTHERS_DIFFERENCE_LIMIT:
        problems.append(
            "the two runs' conditions differ: other processes took "
            f"{yours.usage.others_share:.0%} of the CPUs during yours and "
            f"{reference.usage.others_share:.0%} during the reference's"
        )
    return problems


def _row(name: str, yours: Endpoint | None, reference: Endpoint | None, budgets: Budgets) -> Row:
    problems = []
    rps = p95 = None
    if yours is not None and yours.failure_ratio > budgets.max_failure_ratio:
        problems.append(f"{name}: {yours.failures} of {yours.requests} requests failed")
    if yours is not None and reference is not None:
        rps = _ratio(yours.rps, reference.rps)
        p95 = _ratio(yours.p95, reference.p95, budgets.latency_floor_ms)
        enough = min(yours.requests, reference.requests) >= budgets.min_requests
        if enough and p95 is not None and p95 > budgets.max_p95_ratio:
            problems.append(
                f"{name}: p95 {yours.p95:.0f} ms is {p95:.1f} times the reference's "
                f"{reference.p95:.0f} ms (budget: {budgets.max_p95_ratio:g} times)"
            )
    return Row(name, yours, reference, rps, p95, problems)


def judge(
    lab: str,
    yours: Measurement,
    reference: Measurement,
    budgets: Budgets,
    *,
    judge_machine: bool = True,
) -> Verdict:
    """Compare the two runs endpoint by endpoint against the budgets."""
    mine = {each.name: each for each in yours.endpoints}
    theirs = {each.name: each for each in reference.endpoints}
    rows = [_row(name, mine.get(name), theirs.get(name), budgets) for name in sorted(mine | theirs)]
    total = _row("all requests", yours.total, reference.total, budgets)
    invalid = validity(yours, reference, budgets, judge_machine=judge_machine)
    verdict = Verdict(lab, "pass", rows, total, invalid=invalid)
    wrong = [problem for row in rows for problem in row.problems if "failed" in problem]
    slow = [problem for row in rows for problem in row.problems if "failed" not in problem]
    if total.rps_ratio is not None and total.rps_ratio < budgets.min_throughput_ratio:
        slow.insert(
            0,
            f"throughput {yours.total.rps:.0f} requests/s is {total.rps_ratio:.0%} of "
            f"the reference's {reference.total.rps:.0f} (budget: at least "
            f"{budgets.min_throughput_ratio:.0%})",
        )
    never = sorted(set(theirs) - set(mine))
    if never:
        verdict.notes.append(f"never requested of yours (an earlier step failed?): {never}")
    if wrong:
        verdict.status, verdict.problems = "fail", wrong + ([] if verdict.invalid else slow)
    elif verdict.invalid:
        verdict.status = "invalid"
        verdict.notes += [
            f"not judged, since the figures cannot be trusted: {each}" for each in slow
        ]
    elif slow:
        verdict.status, verdict.problems = "fail", slow
    return verdict
