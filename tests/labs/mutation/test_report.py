"""The bench's report: the table, the survivors with their diffs, the JSON."""

from rich.console import Console

from labs.mutation.equivalents import Equivalent
from labs.mutation.mutants import Mutant
from labs.mutation.report import as_json, show
from labs.mutation.score import Outcome, Status, score


def outcome(key: str, status: Status) -> Outcome:
    mutant = Mutant(
        f"01:health:constant:{key}", "01", "health", "health.py", "constant", 23,
        f"health.py health line 23: mutant {key}", "    return 'ok'\n", "    return ''\n",
    )  # fmt: skip
    return Outcome(mutant, status, ("01:x",) if status == "killed" else (), 1.0, "boom")


OUTCOMES = [outcome("a", "killed"), outcome("b", "survived"), outcome("c", "error")]
STALE = {"01": [Equivalent("01:health:constant:gone", "was a mutant", "It was.")]}


def test_show_prints_the_score_the_survivors_diffs_and_warnings() -> None:
    console = Console(record=True, width=200)
    show(console, [score("01", OUTCOMES, set())], STALE)
    text = console.export_text()
    assert "1/2" in text
    assert "50%" in text
    assert "01:health:constant:b  health.py health line 23: mutant b" in text
    assert "-    return 'ok'" in text
    assert "+    return ''" in text
    assert "01:health:constant:c not counted, the checks could not run: boom" in text
    assert "stale equivalent 01:health:constant:gone" in text


def test_as_json_holds_the_figures_and_every_outcome() -> None:
    data = as_json([score("01", OUTCOMES, set())], STALE, seed=3)
    lab = data["labs"]["01"]
    assert data["seed"] == 3
    assert (lab["killed"], lab["total"], lab["percent"]) == (1, 2, 50.0)
    assert [s["id"] for s in lab["survived"]] == ["01:health:constant:b"]
    assert [e["id"] for e in lab["errors"]] == ["01:health:constant:c"]
    assert lab["stale"] == ["01:health:constant:gone"]
    assert len(lab["outcomes"]) == 2
