"""One class gradebook for notebooks and labs.

Both graders hand in scores in the same long format, one row per student and assignment:

    student_id,assignment,score,max_score

(nbgrader's grades.csv has these columns among others; the lab grader writes exactly these.)
The merged gradebook is wide, one row per student:

    student_id,01-http,02-sql,...,lab-01,...,total
    (points possible),7,7,...,10,...,134
    ada,7,5.5,...,10,...,120.5

- the first row, `(points possible)`, holds each assignment's maximum and their sum;
- notebook assignments come first, then lab assignments, each group sorted by name;
- an empty cell means no score was reported for that student (it counts 0 in `total`);
- a student scored twice for one assignment keeps the best score (labs can be resubmitted);
- an assignment name present in both sources is an error: rename one rather than guess;
- a cell a spreadsheet would take for a formula (a student named `=1+1`) starts with `'`.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graders.spreadsheet import original, safe_cell

POINTS_POSSIBLE = "(points possible)"
REQUIRED_COLUMNS = ("student_id", "assignment", "score", "max_score")


@dataclass(frozen=True, slots=True)
class Score:
    student_id: str
    assignment: str
    score: float
    max_score: float


def read_scores(path: Path) -> list[Score]:
    """Read a long-format score CSV; extra columns (nbgrader adds several) are ignored."""
    with path.open(newline="") as file:
        reader = csv.DictReader(file)
        missing = [name for name in REQUIRED_COLUMNS if name not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path} lacks the column(s) {', '.join(missing)}")
        return [
            Score(
                original(row["student_id"]),
                original(row["assignment"]),
                float(row["score"]),
                float(row["max_score"]),
            )
            for row in reader
        ]


def merge(notebooks: Iterable[Score], labs: Iterable[Score]) -> list[list[str]]:
    """The merged gradebook as rows of cells, header first (see the module docstring)."""
    notebook_scores, lab_scores = list(notebooks), list(labs)
    clash = {s.assignment for s in notebook_scores} & {s.assignment for s in lab_scores}
    if clash:
        raise ValueError(
            f"assignment(s) graded as both notebook and lab: {', '.join(sorted(clash))}"
        )
    columns = sorted({s.assignment for s in notebook_scores}) + sorted(
        {s.assignment for s in lab_scores}
    )
    best: dict[tuple[str, str], float] = {}
    maximum: dict[str, float] = {}
    for score in [*notebook_scores, *lab_scores]:
        key = (score.student_id, score.assignment)
        best[key] = max(best.get(key, score.score), score.score)
        maximum[score.assignment] = max(maximum.get(score.assignment, 0.0), score.max_score)

    rows = [["student_id", *columns, "total"]]
    rows.append(
        [POINTS_POSSIBLE, *(_number(maximum[a]) for a in columns), _number(sum(maximum.values()))]
    )
    for student in sorted({student for student, _ in best}):
        scores = [best.get((student, assignment)) for assignment in columns]
        total = sum(score for score in scores if score is not None)
        rows.append([student, *("" if s is None else _number(s) for s in scores), _number(total)])
    return rows


def write_gradebook(rows: list[list[str]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as file:
        csv.writer(file).writerows([safe_cell(cell) for cell in row] for row in rows)


def merge_files(notebook_csv: Path, lab_csvs: Iterable[Path], output: Path) -> list[list[str]]:
    """Merge nbgrader's export and any number of lab grader CSVs into one gradebook file."""
    labs = [score for path in lab_csvs for score in read_scores(path)]
    rows = merge(read_scores(notebook_csv), labs)
    write_gradebook(rows, output)
    return rows


def _number(value: float) -> str:
    """`7.0` -> `7`, `5.5` -> `5.5`: whole points read as whole numbers."""
    return f"{value:g}"
