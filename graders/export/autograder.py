"""Grade one Gradescope submission inside its container; whatever happens, write results.json.

`run_autograder` runs `python -m graders.export.autograder /autograder`. Gradescope's layout:
source/ holds the exported bundle, submission/ the learner's files, results/ the verdict.
"""

import itertools
import json
import sys
import tempfile
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from graders.labs import grade_class
from graders.labs.layouts import MAX_ENTRIES, SubmissionError, find_package
from graders.labs.reports import learner_folder
from graders.sandbox import sandbox_problem
from labs.engine.catalog import get_lab
from labs.engine.workspace import PACKAGE

SETTINGS_FILE = "autograder.json"
LEARNER = "submission"  # the one learner of the one-learner class that is graded
LISTED = 20  # names of a submission shown when no package is found in it


@dataclass(frozen=True)
class Settings:
    """What `course export` chose for this autograder."""

    lab: str
    time_limit: float
    sandbox: bool

    def write(self, folder: Path) -> Path:
        path = folder / SETTINGS_FILE
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")
        return path

    @classmethod
    def read(cls, folder: Path) -> "Settings":
        return cls(**json.loads((folder / SETTINGS_FILE).read_text()))


def ungraded(output: str) -> dict[str, Any]:
    """No points, and why: Gradescope shows `output` to the learner."""
    return {"score": 0, "output": output, "tests": []}


def _no_package(submission: Path) -> dict[str, Any]:
    names: list[str] = []
    if submission.is_dir() and not submission.is_symlink():
        names = sorted(p.name for p in itertools.islice(submission.iterdir(), MAX_ENTRIES))
    listed = ", ".join(names[:LISTED]) + (", ..." if len(names) > LISTED else "")
    return ungraded(
        f"No {PACKAGE}/ folder was found in your submission, so nothing could be graded. "
        f"Submit your workspace's {PACKAGE}/ folder, the whole workspace folder, or the "
        f"repository holding it. Your submission holds: {listed or 'nothing'}."
    )


def _no_sandbox(lab: str, problem: str) -> dict[str, Any]:
    return ungraded(
        "Your submission was not graded: the autograder could not make the sandbox that walls "
        f"learners' code in ({problem}). This is not a problem with your code: please tell your "
        "instructor.\n\nInstructors: the autograder's README.md says what to do: grade the "
        f"downloaded submissions with `course grade {lab}` on a machine that can sandbox, or, "
        f"knowing what it gives up, rebuild it with `course export {lab} --to gradescope "
        "--no-sandbox`."
    )


def autograde(root: Path) -> dict[str, Any]:
    """The Gradescope result of the submission in `root`/submission."""
    settings = Settings.read(root / "source")
    lab = get_lab(settings.lab)
    try:
        package = find_package(root / LEARNER)
    except SubmissionError as error:
        return ungraded(f"Your submission could not be graded: {error}.")
    if package is None:
        return _no_package(root / LEARNER)
    problem = sandbox_problem()
    if settings.sandbox and problem is not None:
        return _no_sandbox(lab.number, problem)
    with tempfile.TemporaryDirectory(prefix="autograder-") as work:
        # `root` is a class of one, `submission/`: graded where it is, as `course grade` would.
        out = Path(work) / "grades"
        grade_class(
            lab,
            root,
            out,
            jobs=1,
            time_limit=settings.time_limit,
            only=[LEARNER],
            trusted=not settings.sandbox,
            progress=False,
        )
        results = learner_folder(out, LEARNER) / "gradescope" / "results.json"
        result: dict[str, Any] = json.loads(results.read_text())
    return result


def main(argv: list[str]) -> int:
    root = Path(argv[1] if len(argv) > 1 else "/autograder")
    try:
        result = autograde(root)
    except Exception:  # a grader bug still ends in a result, and its traceback in the log
        traceback.print_exc(file=sys.stdout)
        result = ungraded(
            "The autograder failed while grading your submission (its log says why), so it was "
            "not graded. Please tell your instructor."
        )
    path = root / "results" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print(f"score: {result['score']}\n{result.get('output', '')}")  # the log Gradescope keeps
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
