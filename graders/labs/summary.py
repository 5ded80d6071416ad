"""The class's summary: the score distribution, each check's pass rate, the slowest submissions."""

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from graders.labs.grade import Grade

SLOWEST = 5


def _plot(grades: Sequence[Grade], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display on a grading machine
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(6, 3))
    maximum = max((g.max_score for g in grades), default=0)
    axes.hist([g.score for g in grades], bins=range(maximum + 2), align="left", rwidth=0.8)
    axes.set_xlabel("score")
    axes.set_ylabel("learners")
    axes.set_title("Score distribution")
    figure.tight_layout()
    figure.savefig(path)
    pyplot.close(figure)


def pass_rates(grades: Sequence[Grade]) -> dict[str, tuple[str, float]]:
    """Each check's title and the share of the graded learners who passed it."""
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
    return {key: (titles[key], passed[key] / seen[key]) for key in sorted(seen)}


def write_summary(grades: Sequence[Grade], lab: str, out: Path) -> Path:
    """`out/summary.md`, with its plot beside it in `out/scores.png`."""
    _plot(grades, out / "scores.png")
    scores = [g.score for g in grades]
    lines = [
        f"# Lab {lab}: grades of {len(grades)} submissions",
        "",
        f"Mean {sum(scores) / max(len(scores), 1):.1f} out of "
        f"{max((g.max_score for g in grades), default=0)}; "
        f"{sum(1 for g in grades if g.error)} could not be checked.",
        "",
        "![Score distribution](scores.png)",
        "",
        "## Each check's pass rate",
        "",
        "| check | passed |",
        "|---|---:|",
        *(f"| {title} | {rate:.0%} |" for title, rate in pass_rates(grades).values()),
        "",
        "## Slowest submissions",
        "",
        "| learner | seconds | score |",
        "|---|---:|---:|",
        *(
            f"| {g.student} | {g.seconds:.1f} | {g.score}/{g.max_score} |"
            for g in sorted(grades, key=lambda g: -g.seconds)[:SLOWEST]
        ),
        "",
    ]
    path = out / "summary.md"
    path.write_text("\n".join(lines))
    return path
