"""What a mutation run tells: killed/total per lab, the survivors with their diffs; text or JSON."""

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Console
from rich.syntax import Syntax
from rich.table import Table

from labs.mutation.equivalents import Equivalent
from labs.mutation.score import LabScore, Outcome


def table(scores: Sequence[LabScore], stale: Mapping[str, list[Equivalent]]) -> Table:
    result = Table(title="Mutation score: mutants of each lab's regions killed by its checks")
    columns = ("lab", "mutants", "equivalent", "killed", "survived", "score", "errors", "stale")
    for column in columns:
        result.add_column(column, justify="right")
    for lab in scores:
        result.add_row(
            lab.lab,
            str(lab.total + len(lab.equivalent) + len(lab.errors)),
            str(len(lab.equivalent)),
            f"{len(lab.killed)}/{lab.total}",
            str(len(lab.survived)),
            f"{lab.percent:.0f}%",
            str(len(lab.errors)),
            str(len(stale.get(lab.lab, []))),
        )
    return result


def _how(outcome: Outcome) -> str:
    if outcome.status in ("timeout", "error"):
        return f" ({outcome.status})"
    return ""


def show(
    console: Console,
    scores: Sequence[LabScore],
    stale: Mapping[str, list[Equivalent]],
    diffs: bool = True,
) -> None:
    """Print the table, then each lab's survivors (with the region's diff) and its warnings."""
    console.print(table(scores, stale))
    for lab in scores:
        if lab.survived:
            console.rule(f"lab {lab.lab}: {len(lab.survived)} survivor(s)")
        for outcome in lab.survived:
            console.print(f"[bold]{outcome.mutant.id}[/bold]  {outcome.mutant.description}")
            if diffs:
                console.print(
                    Syntax(outcome.mutant.diff(), "diff", theme="ansi_dark", word_wrap=True)
                )
        for outcome in lab.misrecorded:
            console.print(
                f"[yellow]lab {lab.lab}: {outcome.mutant.id} is recorded as equivalent but was "
                f"killed{_how(outcome)} by {', '.join(outcome.failed) or 'the run'}[/yellow]"
            )
        for outcome in lab.errors:
            console.print(
                f"[red]lab {lab.lab}: {outcome.mutant.id} not counted, the checks could not run: "
                f"{outcome.message.splitlines()[-1] if outcome.message else '?'}[/red]"
            )
        for entry in stale.get(lab.lab, []):
            console.print(
                f"[yellow]lab {lab.lab}: stale equivalent {entry.id} ({entry.description}): "
                "no generated mutant has this id any more[/yellow]"
            )


def _outcome(outcome: Outcome) -> dict[str, Any]:
    mutant = outcome.mutant
    return {
        "id": mutant.id,
        "operator": mutant.operator,
        "description": mutant.description,
        "status": outcome.status,
        "failed": list(outcome.failed),
        "seconds": round(outcome.seconds, 2),
        "diff": mutant.diff(),
    }


def as_json(
    scores: Sequence[LabScore], stale: Mapping[str, list[Equivalent]], **about: Any
) -> dict[str, Any]:
    """The run as data: per lab the figures, the survivors and every outcome."""
    return {
        **about,
        "labs": {
            lab.lab: {
                "killed": len(lab.killed),
                "total": lab.total,
                "percent": round(lab.percent, 1),
                "equivalent": [o.mutant.id for o in lab.equivalent],
                "survived": [_outcome(o) for o in lab.survived],
                "misrecorded": [o.mutant.id for o in lab.misrecorded],
                "errors": [_outcome(o) | {"message": o.message} for o in lab.errors],
                "stale": [entry.id for entry in stale.get(lab.lab, [])],
                "outcomes": [_outcome(o) for o in (*lab.killed, *lab.survived, *lab.equivalent)],
            }
            for lab in scores
        },
    }
