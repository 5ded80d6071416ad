"""Print each lab's mutation score: how many mutants of its regions its checks kill.

    python -m labs.bench_mutation [--lab 02 ...] [-j 2] [--sample N --seed S] [--json out.json]

Every mutant of the labs' regions (or a seeded sample of N per lab) is run against its lab's
checks, public and hidden, `-j` at a time. The table gives killed/total per lab (recorded
equivalents left out), then each survivor with its description and the diff of its region.
The target is 90% killed in every lab: each survivor wants a better check, or a line in the
lab's equivalent_mutants.toml saying why no check can kill it.
"""

import argparse
import json
import os
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from labs.engine.catalog import Lab, all_labs, get_lab
from labs.engine.oracle.machine import SHRINKS_ENV
from labs.engine.workspace import reference_sources
from labs.mutation.equivalents import equivalents_of, stale
from labs.mutation.mutants import lab_mutants, sample
from labs.mutation.report import as_json, show
from labs.mutation.score import (
    CHECK_SEED,
    TIMEOUT_SECONDS,
    Outcome,
    check_reference,
    run_mutants,
    score,
)


def parse(arguments: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m labs.bench_mutation", description=__doc__)
    parser.add_argument("--lab", action="append", help="only this lab (repeat for more)")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="mutants run at once")
    parser.add_argument("--sample", type=int, metavar="N", help="only N mutants per lab")
    parser.add_argument("--seed", type=int, default=0, help="which sample (with --sample)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the run as JSON")
    parser.add_argument(
        "--check-seed", type=int, default=CHECK_SEED, help="the oracle's seed in every run"
    )
    parser.add_argument("--timeout", type=float, default=TIMEOUT_SECONDS, help="per mutant, s")
    parser.add_argument("--no-diff", action="store_true", help="survivors without their diffs")
    parser.add_argument(
        "--fail-under", type=float, metavar="PERCENT", help="exit 1 if a lab scores less"
    )
    return parser.parse_args(arguments)


def chosen_labs(numbers: list[str] | None) -> list[Lab]:
    return [get_lab(n) for n in numbers] if numbers else list(all_labs().values())


def main(arguments: list[str] | None = None) -> int:
    options = parse(arguments)
    # A mutant is killed or not: the oracle need not shrink the difference it finds.
    os.environ.setdefault(SHRINKS_ENV, "0")
    console = Console()
    labs = chosen_labs(options.lab)
    sources = reference_sources()
    equivalents = {lab.number: equivalents_of(lab) for lab in labs}
    generated = {lab.number: lab_mutants(sources, lab) for lab in labs}
    stale_entries = {n: stale(equivalents[n], [m.id for m in generated[n]]) for n in generated}
    broken = {n: failed for n, failed in check_reference(labs, sources).items() if failed}
    for number, failed in broken.items():
        console.print(f"[red]lab {number}: left out, the reference fails {', '.join(failed)}[/red]")
    mutants = [m for lab in labs if lab.number not in broken for m in generated[lab.number]]
    if options.sample is not None:
        recorded = {key for entries in equivalents.values() for key in entries}
        mutants = sample(mutants, options.sample, options.seed, leave_out=recorded)
    start = time.perf_counter()
    with Progress(
        TextColumn("mutants"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[tally]}"), TimeElapsedColumn(), console=console,
    ) as progress:  # fmt: skip
        task = progress.add_task("mutants", total=len(mutants), tally="")
        survived = 0

        def done(outcome: Outcome) -> None:
            nonlocal survived
            survived += outcome.status == "survived"
            progress.update(task, advance=1, tally=f"{survived} survived")
            if not console.is_terminal:  # a log, where a bar would show only at the end
                finished = int(progress.tasks[0].completed)
                console.print(f"{finished}/{len(mutants)} {outcome.status} {outcome.mutant.id}")

        outcomes = run_mutants(
            mutants,
            all_labs(),
            sources,
            jobs=options.jobs,
            timeout=options.timeout,
            seed=options.check_seed,
            on_done=done,
        )
    seconds = time.perf_counter() - start
    scores = [
        score(lab.number, outcomes, equivalents[lab.number])
        for lab in labs
        if lab.number not in broken
    ]
    show(console, scores, stale_entries, diffs=not options.no_diff)
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    console.print(
        f"{len(mutants)} mutants in {seconds:.0f} s with -j {options.jobs} "
        f"({seconds / max(1, len(mutants)):.1f} s each); load average now {load}"
    )
    if options.json:
        about = {
            "jobs": options.jobs,
            "sample": options.sample,
            "seed": options.seed,
            "check_seed": options.check_seed,
        }
        data = as_json(scores, stale_entries, seconds=round(seconds, 1), **about)
        options.json.write_text(json.dumps(data, indent=2) + "\n")
    if broken:
        return 2
    low = options.fail_under is not None and any(s.percent < options.fail_under for s in scores)
    return 1 if low else 0


if __name__ == "__main__":
    sys.exit(main())
