"""Grade a whole class in parallel: a bad submission costs its own grade, never the batch.

Whatever a learner named their folder, their results go to `out/learners/<name>/`, apart from
the class's own files (`gradebook.csv`, `summary.md`...), which no name can then overwrite.
"""

import traceback
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from rich.progress import Progress

from graders.labs.grade import Grade, grade_submission
from graders.labs.loadtest import (
    GRADING_SHAPE,
    LoadTestFailed,
    as_check,
    load_test,
    measure_reference,
)
from graders.labs.material import require_instructor_material
from graders.labs.reports import learner_folder, read_grade, write_grade, write_gradebook
from graders.labs.server import SERVER_LIMITS
from graders.labs.splice import read_submission, splice
from graders.labs.summary import write_summary
from graders.sandbox import Limits, require_sandbox
from labs.engine.catalog import Lab
from loadtests.locust_run import LoadShape


def submissions_in(
    folder: Path, only: Sequence[str] = (), *, out: Path | None = None
) -> list[Path]:
    """One folder per learner, by name; `only` picks some (to regrade one learner).

    A symbolic link is one too, graded as a submission that cannot be graded (links are not
    followed), so that it shows in the gradebook; plain files and `out` are left out.
    """
    results = out.resolve() if out is not None else None
    found = sorted(
        p
        for p in folder.iterdir()
        if (p.is_symlink() or p.is_dir()) and (results is None or p.resolve() != results)
    )
    if only:
        missing = set(only) - {p.name for p in found}
        if missing:
            raise KeyError(f"no submission named {', '.join(sorted(missing))} in {folder}")
        found = [p for p in found if p.name in only]
    return found


def _safely(
    lab: Lab,
    folder: Path,
    time_limit: float,
    limits: Limits,
    trusted: bool,
    database_url: str | None = None,
) -> Grade:
    try:
        return grade_submission(
            lab,
            folder,
            time_limit=time_limit,
            limits=limits,
            trusted=trusted,
            database_url=database_url,
        )
    except Exception:  # a grader bug must not stop the batch either: say so in that grade
        return Grade(folder.name, lab.number, error=f"grader error:\n{traceback.format_exc()}")


def grade_class(
    lab: Lab,
    submissions: Path,
    out: Path,
    *,
    jobs: int = 4,
    time_limit: float = 120,
    only: Sequence[str] = (),
    limits: Limits = SERVER_LIMITS,
    trusted: bool = False,
    progress: bool = True,
    database_url: str | None = None,
    load_test: bool = False,
    load_shape: LoadShape = GRADING_SHAPE,
) -> list[Grade]:
    """Grade every submission (or `only` some); write each result, the gradebook, the summary.

    With `database_url` (a PostgreSQL server), each app runs on a database and role of its own
    there, dropped after (graders/README.md says what a learner could do with it, and what not).

    When the lab gives its load test points and `load_test` is on (`course grade` turns it on
    unless told not to), every learner whose checks ran is then load-tested, one at a time,
    against the reference measured in the same batch (`loadtest.py`); the load test is one more
    check of their grade.

    The gradebook and the summary cover the whole class: the learners not graded this time
    keep the grades already in `out`. Returns the grades made this time.

    Raises SandboxUnavailable, saying why, unless a sandbox can be made or `trusted` is given,
    and InstructorMaterialMissing in a learner's install.
    """
    require_instructor_material(lab)
    if not trusted:
        require_sandbox()
    folders = submissions_in(submissions, only, out=out)
    out.mkdir(parents=True, exist_ok=True)
    grades: list[Grade] = []
    with (
        Progress(disable=not progress, transient=True) as bar,
        ThreadPoolExecutor(max_workers=max(1, jobs)) as pool,
    ):
        task = bar.add_task(f"grading lab {lab.number}", total=len(folders))
        futures = [
            pool.submit(_safely, lab, f, time_limit, limits, trusted, database_url) for f in folders
        ]
        for future in as_completed(futures):
            grade = future.result()
            write_grade(grade, out)
            grades.append(grade)
            bar.advance(task)
        problem = ""
        if load_test and lab.loadtest_points:
            problem = _load_test_class(lab, grades, folders, out, trusted, load_shape, bar)
    _same_maximum(grades, lab)
    for grade in grades:
        write_grade(grade, out)
    everyone = grades + _earlier_grades(lab, submissions, out, {g.student for g in grades})
    write_gradebook(everyone, out / "gradebook.csv")
    write_summary(everyone, lab.number, out, load_test_problem=problem)
    return sorted(grades, key=lambda g: g.student)


def _load_test_class(
    lab: Lab,
    grades: list[Grade],
    folders: list[Path],
    out: Path,
    trusted: bool,
    shape: LoadShape,
    bar: Progress,
) -> str:
    """Load-test every learner whose checks ran, after the reference; why none was, if so."""
    checked = sorted((g for g in grades if g.checks), key=lambda g: g.student)
    if not checked:
        return ""
    by_name = {folder.name: folder for folder in folders}
    task = bar.add_task(f"load-testing lab {lab.number}", total=len(checked) + 1)
    try:
        reference = measure_reference(lab, out / "loadtest-reference", shape=shape, trusted=trusted)
    except LoadTestFailed as error:
        return f"the reference could not be load-tested, so no learner was: {error}"
    bar.advance(task)
    for grade in checked:
        sources = splice(lab, read_submission(by_name[grade.student])).sources
        result = load_test(
            lab,
            sources,
            reference,
            learner_folder(out, grade.student) / "loadtest",
            shape=shape,
            trusted=trusted,
        )
        check = as_check(lab, result)
        grade.checks.append(check)
        grade.load_test = result
        grade.score += check.earned
        grade.max_score += check.points
        bar.advance(task)
    return ""


def _earlier_grades(lab: Lab, submissions: Path, out: Path, regraded: set[str]) -> list[Grade]:
    """The grades already in `out` of this lab's other learners: regrading one keeps the rest."""
    earlier = []
    for folder in submissions_in(submissions, out=out):
        path = learner_folder(out, folder.name) / "grade.json"
        if folder.name in regraded or not path.exists():
            continue
        grade = read_grade(path)
        if grade.lab == lab.number:
            earlier.append(grade)
    return earlier


def _same_maximum(grades: list[Grade], lab: Lab) -> None:
    """Every learner is graded out of the same points: those of the checks that could run."""
    checked = Counter(g.max_score for g in grades if g.checks)
    maximum = checked.most_common(1)[0][0] if checked else lab.points + lab.hidden_points
    for grade in grades:
        grade.max_score = maximum
