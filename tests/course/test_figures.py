"""Measured figures come from a benchmark's JSON, rendered at build time, never typed in."""

import json
from pathlib import Path

from figures import expand_figures, password_hashing_table

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "course" / "_data"


def test_the_benchmark_writes_what_the_figure_reads(tmp_path: Path) -> None:
    """Run the benchmark for real (cheap settings), then render its JSON."""
    from bench_password_hashing import main

    out = tmp_path / "password_hashing.json"
    assert main(["--costs", "4", "5", "--samples", "1", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert [row["cost"] for row in data["rows"]] == [None, 4, 5]
    assert all(row["seconds"] > 0 for row in data["rows"])
    table = password_hashing_table(data)
    assert "| bcrypt, cost 5 |" in table
    assert "--costs 4 5 --samples 1" in table


def test_the_committed_figure_renders_every_measured_row() -> None:
    built, problems = expand_figures("<!-- figure: password_hashing -->", DATA)
    assert not problems
    data = json.loads((DATA / "password_hashing.json").read_text())
    table_rows = [line for line in built.splitlines() if line.startswith("| ")]
    assert len(table_rows) == len(data["rows"]) + 1, "a header, then one row per scheme"
    assert data["command"] in built


def test_an_unknown_figure_is_reported(tmp_path: Path) -> None:
    built, problems = expand_figures("<!-- figure: nothing_measured -->", tmp_path)
    assert built == "<!-- figure: nothing_measured -->"
    assert len(problems) == 1
