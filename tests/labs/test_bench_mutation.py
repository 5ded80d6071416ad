"""The mutation bench: its options, and a small seeded run written as JSON."""

import json
from pathlib import Path

import pytest

from labs.bench_mutation import chosen_labs, main, parse


def test_options_default_to_every_mutant_two_at_a_time() -> None:
    options = parse([])
    assert (options.lab, options.jobs, options.sample, options.json) == (None, 2, None, None)


def test_labs_are_chosen_by_number() -> None:
    assert [lab.number for lab in chosen_labs(["4", "lab01"])] == ["04", "01"]
    assert len(chosen_labs(None)) >= 5


@pytest.mark.slow
def test_a_sampled_run_prints_the_score_and_writes_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "run.json"
    code = main(["--lab", "01", "--sample", "2", "--seed", "3", "--json", str(out), "-j", "2"])
    data = json.loads(out.read_text())
    lab = data["labs"]["01"]
    assert (data["sample"], data["seed"], data["jobs"]) == (2, 3, 2)
    assert lab["total"] + len(lab["equivalent"]) + len(lab["errors"]) == 2
    assert lab["killed"] + len(lab["survived"]) == lab["total"]
    assert len(lab["outcomes"]) == 2
    assert all(
        o["description"].startswith(("health.py", "errors.py", "profiles", "articles"))
        for o in lab["outcomes"]
    )
    assert code == 0
    printed = capsys.readouterr().out
    assert f"{lab['killed']}/{lab['total']}" in printed
