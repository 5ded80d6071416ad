"""Results of a run of checks: one verdict per check, and the totals a learner sees."""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATUSES = ("passed", "failed", "skipped", "n/a")


@dataclass
class CheckResult:
    lab: str
    id: str
    title: str
    task: str
    points: int
    hidden: bool
    status: str
    duration: float = 0.0
    message: str = ""
    sent: str = ""
    expected: str = ""
    got: str = ""
    hint: str = ""
    catches: list[str] = field(default_factory=list)
    inside: bool = False
    rule: str = "course"  # "contract": the RealWorld API contract; "course": this course's rules
    seed: int | None = None  # what the oracle drew its sequences from: replays them exactly
    raised: list[str] = field(default_factory=list)  # the learner's exceptions while it ran

    @property
    def earned(self) -> int:
        return self.points if self.status == "passed" else 0


@dataclass
class RunResult:
    mode: str
    target: str
    checks: list[CheckResult] = field(default_factory=list)
    finished_at: float = 0.0
    seed: int | None = None  # the run's seed: `course check NN --seed S` runs it again
    error: str = ""  # why no check could run: the learner's app does not import

    def of_lab(self, lab: str) -> list[CheckResult]:
        return [c for c in self.checks if c.lab == lab]

    def _chosen(self, lab: str | None, rule: str | None) -> list[CheckResult]:
        return [
            c
            for c in self.checks
            if (lab is None or c.lab == lab) and (rule is None or c.rule == rule)
        ]

    def score(self, lab: str | None = None, rule: str | None = None) -> int:
        """Points earned, in one lab or all, for one rule ("contract", "course") or both."""
        return sum(c.earned for c in self._chosen(lab, rule))

    def possible(self, lab: str | None = None, rule: str | None = None) -> int:
        """The points at stake: all but those of checks not applicable in this mode."""
        return sum(c.points for c in self._chosen(lab, rule) if c.status != "n/a")

    def verdicts(self) -> dict[str, str]:
        return {f"{c.lab}:{c.id}": c.status for c in self.checks}

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(c.status in ("passed", "n/a") for c in self.checks)


def load(path: Path) -> RunResult:
    data: dict[str, Any] = json.loads(path.read_text())
    checks = [CheckResult(**c) for c in data.pop("checks")]
    return RunResult(**data, checks=checks)
