"""Figures as a table: Markdown, so a run's output pastes as it is into an issue or a chapter."""

import os
import statistics
from collections.abc import Sequence

from rich import box
from rich.console import Console
from rich.table import Table


def percentiles(samples: Sequence[float], *points: int) -> list[float]:
    """The given percentiles (1 to 99) of the samples; NaN when there are too few."""
    if len(samples) < 2:
        return [float("nan")] * len(points)
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return [cuts[point - 1] for point in points]


def machine_load(load_before: float) -> str:
    """The CPUs and their 1-minute load average before and after a run: was the machine ours?"""
    load_after = os.getloadavg()[0]
    return f"{os.cpu_count()} CPUs, load average {load_before:.1f} before, {load_after:.1f} after"


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = Table(*headers, box=box.MARKDOWN)
    for column in table.columns[1:]:
        column.justify = "right"
    for row in rows:
        table.add_row(*row)
    # Wide enough never to wrap a cell, also when the output goes to a file or a pipe.
    console = Console(width=200, markup=False, highlight=False, color_system=None)
    with console.capture() as capture:
        console.print(table)
    lines = [line.rstrip() for line in capture.get().splitlines() if line.strip()]
    print("\n".join(["", title, "", *lines]), flush=True)
