"""Cheats on every lab, graded in one batch per lab with an honest learner: earned vs deserved.

Each `cheats/lab<NN>/<name>.toml` is one of three kinds:

- hard-coded: its `[regions]` answer what the public checks expect without doing the work. It
  deserves what the same submission earns with those regions left as the starter's stubs (its
  "twin", graded in the batch), or the starter's score when it is built on the starter;
- honest when checked: it looks for a sign of `course check` (its `detector`: pytest in the
  process, the test client's Host or user agent, a SQLite database in /tmp, the app's settings
  saying ENVIRONMENT=test) and does the work
  only then; otherwise it makes the lab's mistake `acts_as`;
- plain text: the lab's mistake `acts_as` (passwords stored as they are), always.

A cheat with `acts_as` deserves full marks less the points of every check that names that
mistake among those it catches. One that no kept mistake quite describes names the checks it
deserves to lose instead (`loses`, by name). To see each lab's table:

    python -m tests.graders.redteam.cheat_batch [NN ...]
"""

import sys
import tempfile
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.table import Table

from graders.labs import Grade, grade_class
from graders.labs.server import SERVER_LIMITS
from labs.engine.catalog import Lab, get_lab
from labs.engine.mistakes import load_mistake
from labs.engine.starter import Sources, make_starter, put_regions, regions_of, take_regions
from labs.engine.workspace import create, reference_sources

CHEATS = Path(__file__).with_name("cheats")
LABS = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
JOBS = 4
TIME_LIMIT = 60  # for the checks, once the app answers: lab 03's comparison with the reference
# Statements setting `_local` when the code believes `course check` is looking.
_FRAMES = """\
import sys as _sys
_frame, _headers = _sys._getframe(), {}
while _frame is not None and not _headers:
    _scope = _frame.f_locals.get("scope")
    if isinstance(_scope, dict) and _scope.get("type") == "http":
        _headers = dict(_scope.get("headers") or [])
    _frame = _frame.f_back
"""
_SETTINGS = """\
import sys as _sys
_frame, _app = _sys._getframe(), None
while _frame is not None and _app is None:
    _scope = _frame.f_locals.get("scope")
    if isinstance(_scope, dict) and _scope.get("type") == "http":
        _app = _scope.get("app")
    _frame = _frame.f_back
_settings = getattr(getattr(_app, "state", None), "settings", None)
"""
DETECTORS = {
    "pytest": (
        "import os as _os, sys as _sys\n"
        '_local = "PYTEST_CURRENT_TEST" in _os.environ or "pytest" in _sys.modules\n'
    ),
    "host": _FRAMES + '_local = _headers.get(b"host", b"").startswith(b"testserver")\n',
    "user_agent": _FRAMES + '_local = b"testclient" in _headers.get(b"user-agent", b"")\n',
    "tmp_sqlite": 'import glob as _glob\n_local = bool(_glob.glob("/tmp/course-check-*"))\n',
    "test_settings": _SETTINGS + '_local = getattr(_settings, "environment", "") == "test"\n',
}


@dataclass(frozen=True)
class Cheat:
    lab: Lab
    name: str
    sentence: str
    kind: str
    sources: Sources
    acts_as: str | None  # the mistake it makes when graded, if it is one of the lab's
    twin: Sources | None  # what it deserves is this one's score, when it fakes with no mistake
    loses: tuple[str, ...] = ()  # the checks it deserves to lose, when it names them itself


def _wrap(detector: str, honest: str, dishonest: str, indent: str) -> str:
    """A region body doing `honest` when the detector says "checked", `dishonest` otherwise."""
    inner = indent + "    "
    return (
        textwrap.indent(DETECTORS[detector], indent)
        + f"{indent}if _local:\n"
        + textwrap.indent(textwrap.dedent(honest), inner)
        + f"{indent}else:\n"
        + textwrap.indent(textwrap.dedent(dishonest), inner)
    )


def load_cheat(lab: Lab, path: Path) -> Cheat:
    data = tomllib.loads(path.read_text())
    reference = reference_sources()
    starter = make_starter(reference, lab.number, lab.hints)
    base = starter if data.get("base") == "starter" else reference
    acts_as = data.get("acts_as")
    loses = tuple(data.get("loses", ()))
    bodies: dict[str, str] = dict(data.get("regions", {}))
    if not bodies and acts_as:
        mistake = load_mistake(lab, lab.instructor_dir / "mistakes" / f"{acts_as}.toml")
        bodies = dict(mistake.regions)
        if "detector" in data:
            found = regions_of(reference, lab.number)
            honest = take_regions(reference, lab.number, list(bodies))
            bodies = {
                name: _wrap(data["detector"], honest[name], body, found[name][1].indent)
                for name, body in bodies.items()
            }
    stubs = take_regions(starter, lab.number, list(bodies))
    twin = None
    if acts_as is None and not loses and base is reference:
        twin = put_regions(base, lab.number, stubs)
    sources = put_regions(base, lab.number, bodies)
    return Cheat(lab, path.stem, data["cheat"], data["kind"], sources, acts_as, twin, loses)


def cheats_of(lab: Lab) -> list[Cheat]:
    return [load_cheat(lab, path) for path in sorted((CHEATS / f"lab{lab.number}").glob("*.toml"))]


@dataclass(frozen=True)
class Outcome:
    cheat: Cheat
    earned: int
    deserved: int
    honest: int
    maximum: int
    fooled: list[str]  # the checks it passed that it did not deserve to pass
    honest_lost: list[str]  # the checks the honest learner failed (none, unless the run is sick)

    @property
    def still_earns(self) -> bool:
        return self.earned > self.deserved


def _deserved(cheat: Cheat, grades: dict[str, Grade]) -> tuple[int, list[str]]:
    honest = grades["honest"]
    passed = {c.id for c in grades[cheat.name].checks if c.status == "passed"}
    if cheat.loses:
        lost = [c for c in honest.checks if c.id.rpartition("::")[2] in cheat.loses]
        return honest.max_score - sum(c.points for c in lost), sorted(passed & {c.id for c in lost})
    if cheat.acts_as is not None:
        lost = [c for c in honest.checks if cheat.acts_as in c.catches and c.status != "n/a"]
        return honest.max_score - sum(c.points for c in lost), sorted(passed & {c.id for c in lost})
    other = grades[f"{cheat.name}-twin" if cheat.twin is not None else "starter"]
    deserved = {c.id for c in other.checks if c.status == "passed"}
    return other.score, sorted(passed - deserved)


def grade_cheats(lab: Lab, root: Path, out: Path) -> list[Outcome]:
    """Write the lab's batch into `root`, grade it into `out`; each cheat's outcome."""
    cheats = cheats_of(lab)
    create(root / "honest", reference_sources(), [lab.number])
    if any(c.twin is None and c.acts_as is None and not c.loses for c in cheats):
        create(root / "starter", make_starter(reference_sources(), lab.number, lab.hints), [])
    for cheat in cheats:
        create(root / cheat.name, cheat.sources, [lab.number])
        if cheat.twin is not None:
            create(root / f"{cheat.name}-twin", cheat.twin, [lab.number])
    graded = grade_class(
        lab, root, out, jobs=JOBS, time_limit=TIME_LIMIT, limits=SERVER_LIMITS, progress=False
    )
    grades = {grade.student: grade for grade in graded}
    honest = grades["honest"]
    lost = [f"{c.id}: {c.status} {c.message[:200]}" for c in honest.checks if c.status != "passed"]
    lost += [honest.error[:300], *honest.server_events] if honest.error else honest.server_events
    outcomes = []
    for cheat in cheats:
        deserved, fooled = _deserved(cheat, grades)
        earned = grades[cheat.name].score
        outcome = Outcome(cheat, earned, deserved, honest.score, honest.max_score, fooled, lost)
        outcomes.append(outcome)
    return outcomes


def table(lab: Lab, outcomes: list[Outcome]) -> Table:
    lost = outcomes[0].honest_lost if outcomes else []
    caption = "the honest learner lost: " + "; ".join(lost) if lost else None
    shown = Table(title=f"Cheats on lab {lab.number}: earned against deserved", caption=caption)
    for column in ("cheat", "kind", "earned", "deserved", "honest", "checks it fools"):
        shown.add_column(column)
    for o in outcomes:
        name = o.cheat.name + (" (STILL EARNS)" if o.still_earns else "")
        fooled = ", ".join(o.fooled) or "-"
        row = (name, o.cheat.kind, str(o.earned), str(o.deserved), f"{o.honest}/{o.maximum}")
        shown.add_row(*row, fooled)
    return shown


def main(numbers: list[str]) -> None:
    for number in numbers or LABS:
        lab = get_lab(number)
        with tempfile.TemporaryDirectory(prefix=f"cheats-{number}-") as folder:
            outcomes = grade_cheats(lab, Path(folder) / "submissions", Path(folder) / "grades")
        Console(width=160).print(table(lab, outcomes))


if __name__ == "__main__":
    main(sys.argv[1:])
