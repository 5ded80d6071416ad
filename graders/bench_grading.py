"""Print how many submissions a minute `course grade` handles, with and without the sandbox.

    python -m graders.bench_grading [--lab 03] [--count 50] [--jobs 2]

The class is generated: the reference, the starter and each of the lab's mistakes in turn, so
that its grades spread as a real class's do. Both modes grade the same folders in one run, in
turns (sandboxed, trusted, then trusted, sandboxed: the machine may be shared and its load may
drift; the load average is printed), and must give every learner the same score.
"""

import argparse
import os
import statistics
import tempfile
import time
from itertools import cycle, islice
from pathlib import Path

from rich.console import Console
from rich.table import Table

from graders.labs import Grade, grade_class
from graders.sandbox import sandbox_problem
from labs.engine.catalog import Lab, get_lab
from labs.engine.mistakes import apply_mistake, mistakes_of
from labs.engine.starter import Sources, make_starter
from labs.engine.workspace import create, reference_sources

console = Console(highlight=False)


def generate_class(lab: Lab, count: int, folder: Path) -> dict[str, str]:
    """`count` learner folders in `folder`; what each one holds, by learner."""
    reference = reference_sources()
    kinds: dict[str, Sources] = {
        "reference": reference,
        "starter": make_starter(reference, lab.number, lab.hints),
    }
    for mistake in mistakes_of(lab):
        kinds[f"mistake {mistake.name}"] = apply_mistake(reference, mistake)
    held = {}
    for number, kind in enumerate(islice(cycle(kinds), count), start=1):
        learner = f"learner-{number:03d}"
        create(folder / learner, kinds[kind], [lab.number])
        held[learner] = kind
    return held


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def _row(mode: str, grades: list[Grade], seconds: float) -> list[str]:
    each = [grade.seconds for grade in grades]
    return [
        mode,
        str(len(grades)),
        f"{seconds:.0f}",
        f"{len(grades) / seconds * 60:.1f}",
        f"{statistics.median(each):.1f}",
        f"{max(each):.1f}",
        str(sum(1 for grade in grades if grade.error)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lab", default="02")
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each mode, in turns")
    args = parser.parse_args()
    lab = get_lab(args.lab)
    modes = {"sandboxed": False, "--no-sandbox": True}
    if sandbox_problem() is not None:
        console.print(f"[yellow]No sandbox here ({sandbox_problem()}): trusted mode only.")
        del modes["sandboxed"]
    table = Table(title=f"course grade {lab.number}: {args.count} submissions, -j{args.jobs}")
    for column in ("mode", "graded", "seconds", "per minute", "median s", "slowest s", "errors"):
        table.add_column(column, justify="left" if column == "mode" else "right")
    scores: dict[str, dict[str, int]] = {}
    totals: dict[str, list[float]] = {mode: [0, 0] for mode in modes}  # graded, seconds
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as folder:
        held = generate_class(lab, args.count, Path(folder) / "class")
        console.print(f"{len(set(held.values()))} kinds of submission; load average {_load()}")
        for turn in range(args.rounds):
            for mode in list(modes)[:: 1 if turn % 2 == 0 else -1]:
                start = time.perf_counter()
                grades = grade_class(
                    lab,
                    Path(folder) / "class",
                    Path(folder) / f"{turn}{mode}",
                    jobs=args.jobs,
                    trusted=modes[mode],
                )
                seconds = time.perf_counter() - start
                table.add_row(*_row(mode, grades, seconds))
                totals[mode][0] += len(grades)
                totals[mode][1] += seconds
                scores[mode] = {grade.student: grade.score for grade in grades}
    for mode, (graded, seconds) in totals.items():
        table.add_row(f"[bold]{mode} (all)", f"{graded:.0f}", f"{seconds:.0f}",
                      f"[bold]{graded / seconds * 60:.1f}", "", "", "")  # fmt: skip
    console.print(table)
    console.print(f"load average after: {_load()}")
    if len(scores) == 2:
        sandboxed, trusted_scores = scores.values()
        differ = [learner for learner in held if sandboxed[learner] != trusted_scores[learner]]
        console.print(f"learners whose score differs between the modes: {len(differ)} {differ}")


if __name__ == "__main__":
    main()
