"""The class's summary: the score distribution, each check's pass rate, the slowest submissions."""

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

from graders.labs.grade import Grade

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


def write_summary(grades: Sequence[Grade], lab: str, out: Path) -> Path:
    """`out/summary.md`, with its plots beside it: `scores.png` and `pass_rates.png`."""
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
    if unchecked:
        lines += ["## Could not be checked", "", "| learner | why |", "|---|---|"]
        lines += [f"| {_cell(g.student)} | {_cell(_first_line(g.error))} |" for g in unchecked]
        lines.append("")
    path = out / "summary.md"
    path.write_text("\n".join(lines))
    return path
