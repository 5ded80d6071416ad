"""Figures the project measures, rendered at build time from the JSON a benchmark wrote.

A chapter writes `<!-- figure: password_hashing -->` alone on a line; the build reads
`course/_data/password_hashing.json` (written by `course/_tools/bench_password_hashing.py`)
and puts a table there, with the machine, the date and the command that measured it.
Nobody types a measured number into a chapter.
"""

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

FIGURE = re.compile(r"^<!-- figure: (?P<name>[a-z_]+) -->$", re.M)


def _duration(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.2f} µs"


def _count(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 else f"{value:.1f}"


def password_hashing_table(data: dict[str, Any]) -> str:
    """Time per hash, guesses per second per core, and how much slower than SHA-256."""
    rows = data["rows"]
    fastest = min(row["seconds"] for row in rows)
    lines = [
        "| scheme | one hash | guesses per second, one core | slower than SHA-256 |",
        "|---|--:|--:|--:|",
    ]
    for row in rows:
        seconds = row["seconds"]
        lines.append(
            f"| {row['scheme']} | {_duration(seconds)} | {_count(1 / seconds)} "
            f"| {_count(seconds / fastest)}x |"
        )
    caption = (
        f"Medians of {data['samples']} samples, measured on {data['measured_at'][:10]} "
        f"({data['machine']}, load average {data['load_average']:.1f}) by "
        f"`{data['command']}`. The build renders this table from "
        "`course/_data/password_hashing.json`, which that script writes."
    )
    return "\n".join(lines) + f"\n\n*{caption}*"


RENDERERS: dict[str, Callable[[dict[str, Any]], str]] = {
    "password_hashing": password_hashing_table,
}


def expand_figures(markdown: str, data_dir: Path) -> tuple[str, list[str]]:
    """The markdown with every figure marker replaced by its table, and the markers that failed."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        name = match["name"]
        path = data_dir / f"{name}.json"
        if name not in RENDERERS or not path.is_file():
            problems.append(f"{match[0]}: no renderer or no {path.name}")
            return match[0]
        return RENDERERS[name](json.loads(path.read_text()))

    return FIGURE.sub(replace, markdown), problems
