"""The class's summary: the score distribution, each check's pass rate, the slowest submissions."""

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from graders.labs.grade import Grade
from graders.labs.loadtest import LoadTestGrade

SLOWEST = 5


def _pyplot() -> ModuleType:
    """matplotlib's pyplot, imported only to draw (it takes a second)."""
    import matplotlib

    matplotlib.use("Agg")  # no display on a grading machine
    from matplotlib import pyplot

    return pyplot


def _plot_scores(grades: Sequence[Grade], path: Path) -> None:
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(6, 3))
    maximum = max((g.max_score for g in grades), default=0)
    axes.hist([g.score for g in grades], bins=range(maximum + 2), align="left", rwidth=0.8)
    axes.set_xlabel("score")
    axes.set_ylabel("learners")
    axes.set_title("Score distribution")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def _plot_pass_rates(rates: dict[str, tuple[str, float]], path: Path) -> None:
    pyplot = _pyplot()
    names = [key.split(":", 1)[1] for key in rates]
    figure, axes = pyplot.subplots(figsize=(6, 0.8 + 0.28 * len(rates)))
    axes.barh(names, [100 * rate for _, rate in rates.values()])
    axes.invert_yaxis()  # the hardest check on top, as in the table
    axes.set_xlim(0, 100)
    axes.set_xlabel("% of the class passing")
    axes.set_title("Each check's pass rate")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def pass_rates(grades: Sequence[Grade]) -> dict[str, tuple[str, float]]:
    """Each check's title and the share of learners who passed it, the hardest check first."""
    passed: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    titles: dict[str, str] = {}
    for grade in grades:
        for check in grade.checks:
            if check.status == "n/a":
                continue
            key = f"{check.lab}:{check.id}"
            titles[key] = check.title + (" (hidden)" if check.hidden else "")
            seen[key] += 1
            passed[key] += check.status == "passed"
    # A learner who could not be graded passed no check: they count in every rate.
    ungraded = sum(1 for grade in grades if not grade.checks)
    for key in seen:
        seen[key] += ungraded
    hardest_first = sorted(seen, key=lambda key: (passed[key] / seen[key], key))
    return {key: (titles[key], passed[key] / seen[key]) for key in hardest_first}


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def _cell(text: str) -> str:
    """Text as one cell of a Markdown table, whatever a learner put in it (their folder name)."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def _plot_load_ratios(
    tested: Sequence[tuple[str, LoadTestGrade]], budget: float, path: Path
) -> None:
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(6, 0.8 + 0.28 * len(tested)))
    ratios = [100 * (result.throughput_ratio or 0.0) for _, result in tested]
    axes.barh([student for student, _ in tested], ratios)
    axes.axvline(100 * budget, color="red", linestyle="--", label="budget")
    axes.invert_yaxis()  # the slowest on top, as in the table
    axes.set_xlabel("% of the reference's requests per second")
    axes.set_title("Load test: throughput against the reference's, same batch")
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _load_test_lines(grades: Sequence[Grade], lab: str, out: Path, problem: str) -> list[str]:
    """The class's load-test figures, the slowest first, with their plot; or why none ran."""
    if problem:
        return ["## Load test", "", f"Not run: {_cell(problem)}", ""]
    tested = sorted(
        ((g.student, g.load_test) for g in grades if g.load_test),
        key=lambda pair: pair[1].throughput_ratio or 0.0,
    )
    if not tested:
        return []
    from loadtests.labs import scenario_of

    scenario = scenario_of(lab)
    _plot_load_ratios(tested, scenario.budgets.min_throughput_ratio, out / "load_ratios.png")
    reference = tested[0][1].reference_rps
    lines = [
        "## Load test",
        "",
        f"{scenario.what}; the reference answered {reference:.0f} requests/s in this batch. "
        f"Budgets: at least {scenario.budgets.min_throughput_ratio:.0%} of its throughput, "
        f"p95 at most {scenario.budgets.max_p95_ratio:g} times its own, no wrong answer.",
        "",
        "![Throughput ratios](load_ratios.png)",
        "",
        "| learner | verdict | requests/s | throughput ratio | worst p95 ratio | failed |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for student, result in tested:
        lines.append(
            f"| {_cell(student)} | {result.status} | {result.rps:.0f} | "
            f"{_ratio(result.throughput_ratio)} | {_ratio(result.worst_p95_ratio)} | "
            f"{result.failures}/{result.requests} |"
        )
    spoiled = [student for student, result in tested if result.status == "invalid"]
    if spoiled:
        lines += [
            "",
            "Speed not judged (the machine was too busy to measure it fairly), to regrade with "
            f"`--only` on a quieter machine: {_cell(', '.join(spoiled))}.",
        ]
    return [*lines, ""]


def write_summary(
    grades: Sequence[Grade], lab: str, out: Path, *, load_test_problem: str = ""
) -> Path:
    """`out/summary.md`, with its plots beside it: `scores.png` and `pass_rates.png`, and
    `load_ratios.png` when the lab's load test ran."""
    rates = pass_rates(grades)
    _plot_scores(grades, out / "scores.png")
    if rates:
        _plot_pass_rates(rates, out / "pass_rates.png")
    scores = [g.score for g in grades]
    unchecked = sorted((g for g in grades if g.error), key=lambda g: g.student)
    lines = [
        f"# Lab {lab}: grades of {len(grades)} submissions",
        "",
        f"Mean {sum(scores) / max(len(scores), 1):.1f} out of "
        f"{max((g.max_score for g in grades), default=0)}; "
        f"{len(unchecked)} could not be checked (scored 0, and counted in every pass rate).",
        "",
        "![Score distribution](scores.png)",
        "",
        "## Each check's pass rate, the hardest first",
        "",
        *(["![Pass rates](pass_rates.png)", ""] if rates else []),
        "| check | passed |",
        "|---|---:|",
        *(f"| {_cell(title)} | {rate:.0%} |" for title, rate in rates.values()),
        "",
        "## Slowest submissions",
        "",
        "| learner | seconds | score | what the sandbox did |",
        "|---|---:|---:|---|",
        *(
            f"| {_cell(g.student)} | {g.seconds:.1f} | {g.score}/{g.max_score} | "
            f"{_cell('; '.join(g.server_events))} |"
            for g in sorted(grades, key=lambda g: -g.seconds)[:SLOWEST]
        ),
        "",
    ]
    lines += _load_test_lines(grades, lab, out, load_test_problem)
    if unchecked:
        lines += ["## Could not be checked", "", "| learner | why |", "|---|---|"]
        lines += [f"| {_cell(g.student)} | {_cell(_first_line(g.error))} |" for g in unchecked]
        lines.append("")
    path = out / "summary.md"
    path.write_text("\n".join(lines))
    return path
