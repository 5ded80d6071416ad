"""Running mutants against a lab's checks, in parallel, and scoring the lab.

Each worker has its own workspace holding the reference, made once: a mutant rewrites only
the file its region is in, the lab's checks (public and hidden) run on it in their own
subprocess, and the file is put back. A mutant is killed when any check does not pass; it
survives when every check passes.
"""

import subprocess
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from queue import Queue
from typing import Literal

from labs.engine.catalog import Lab
from labs.engine.results import RunResult
from labs.engine.runner import TIMEOUT_SECONDS as RUNNER_TIMEOUT
from labs.engine.runner import RunError, run_checks
from labs.engine.starter import Sources
from labs.engine.workspace import PACKAGE, create, to_workspace
from labs.mutation.mutants import Mutant

Status = Literal["killed", "survived", "timeout", "error"]
# The engine's own limit: a submission still running then fails for a learner too. A lab's
# checks take seconds; a busy machine can make that a minute, so anything less would count
# slow runs as caught.
TIMEOUT_SECONDS = float(RUNNER_TIMEOUT)
# The oracle's seed for every run: a mutant is judged on the same sequences each time, so a
# score does not move between two runs of the same checks.
CHECK_SEED = 1


@dataclass(frozen=True, slots=True)
class Outcome:
    mutant: Mutant
    status: Status
    failed: tuple[str, ...]  # the checks that did not pass
    seconds: float
    message: str = ""

    @property
    def killed(self) -> bool:
        """A mutant that hangs is caught as surely as one a check fails."""
        return self.status in ("killed", "timeout")

    @property
    def judged(self) -> bool:
        """False when the checks could not run at all: that says nothing about the mutant."""
        return self.status != "error"


@dataclass
class LabScore:
    lab: str
    killed: list[Outcome] = field(default_factory=list)
    survived: list[Outcome] = field(default_factory=list)
    equivalent: list[Outcome] = field(default_factory=list)  # recorded, and indeed survived
    misrecorded: list[Outcome] = field(default_factory=list)  # recorded equivalent, yet killed
    errors: list[Outcome] = field(default_factory=list)  # the checks could not run: not counted

    @property
    def total(self) -> int:
        """The mutants that count: recorded equivalents are left out."""
        return len(self.killed) + len(self.survived)

    @property
    def percent(self) -> float:
        return 100.0 * len(self.killed) / self.total if self.total else 100.0


def score(lab: str, outcomes: Sequence[Outcome], equivalents: Collection[str]) -> LabScore:
    """A lab's score from its mutants' outcomes, recorded equivalents left out of the total."""
    result = LabScore(lab)
    for outcome in outcomes:
        if outcome.mutant.lab != lab:
            continue
        recorded = outcome.mutant.id in equivalents
        if not outcome.judged:
            result.errors.append(outcome)
        elif recorded and not outcome.killed:
            result.equivalent.append(outcome)
        elif outcome.killed:
            result.killed.append(outcome)
            if recorded:
                result.misrecorded.append(outcome)
        else:
            result.survived.append(outcome)
    return result


def not_passed(run: RunResult, lab: str) -> tuple[str, ...]:
    return tuple(c.id for c in run.of_lab(lab) if c.status not in ("passed", "n/a"))


def write_module(workspace: Path, path: str, text: str) -> None:
    """Write one reference-named file into a workspace, dropping its cached bytecode."""
    target = workspace / PACKAGE / path
    target.write_text(to_workspace(text))
    # A mutant often keeps the file's size, and is written within the same second as the last:
    # Python would take the cached bytecode of the previous one as still valid.
    for cached in (target.parent / "__pycache__").glob(f"{target.stem}.*.pyc"):
        cached.unlink(missing_ok=True)


def run_mutant(
    mutant: Mutant,
    lab: Lab,
    workspace: Path,
    sources: Sources,
    timeout: float,
    seed: int = CHECK_SEED,
) -> Outcome:
    """Run a lab's checks against one mutant written into a workspace holding the reference."""
    start = time.perf_counter()
    write_module(workspace, mutant.path, mutant.apply(sources)[mutant.path])
    try:
        run = run_checks([lab], workspace=workspace, hidden=True, timeout=timeout, seed=seed)
    except RunError as error:
        hung = isinstance(error.__cause__, subprocess.TimeoutExpired)
        status: Status = "timeout" if hung else "error"
        return Outcome(mutant, status, (), time.perf_counter() - start, str(error)[:2000])
    except Exception as error:  # one run's failure must not end the whole bench
        return Outcome(mutant, "error", (), time.perf_counter() - start, repr(error)[:2000])
    finally:
        write_module(workspace, mutant.path, sources[mutant.path])
    failed = not_passed(run, lab.number)
    if not run.of_lab(lab.number):
        return Outcome(mutant, "error", (), time.perf_counter() - start, "no check ran")
    status = "killed" if failed else "survived"
    return Outcome(mutant, status, failed, time.perf_counter() - start)


class Workspaces:
    """`count` workspaces holding the reference, each lent to one run at a time."""

    def __init__(self, root: Path, sources: Sources, count: int) -> None:
        self._free: Queue[Path] = Queue()
        for number in range(count):
            self._free.put(create(root / f"workspace{number}", sources, []).root)

    @contextmanager
    def lend(self) -> Iterator[Path]:
        workspace = self._free.get()
        try:
            yield workspace
        finally:
            self._free.put(workspace)


def check_reference(labs: Sequence[Lab], sources: Sources) -> dict[str, tuple[str, ...]]:
    """The checks of each lab that fail on the reference itself (mutants mean nothing then)."""
    with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
        workspace = create(Path(folder) / "reference", sources, []).root
        run = run_checks(list(labs), workspace=workspace, hidden=True, seed=CHECK_SEED)
    return {lab.number: not_passed(run, lab.number) for lab in labs}


def run_mutants(
    mutants: Sequence[Mutant],
    labs: Mapping[str, Lab],
    sources: Sources,
    *,
    jobs: int = 2,
    timeout: float = TIMEOUT_SECONDS,
    seed: int = CHECK_SEED,
    on_done: Callable[[Outcome], None] = lambda _: None,
) -> list[Outcome]:
    """Every mutant's outcome, in the mutants' order; `jobs` run at once, each in a subprocess."""
    with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
        workspaces = Workspaces(Path(folder), sources, max(1, min(jobs, len(mutants))))

        def one(mutant: Mutant) -> Outcome:
            with workspaces.lend() as workspace:
                lab = labs[mutant.lab]
                outcome = run_mutant(mutant, lab, workspace, sources, timeout, seed)
            on_done(outcome)
            return outcome

        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            return list(pool.map(one, mutants))
