"""Hostile submissions graded in one batch with honest ones: none earns a point it did not earn.

Each `submissions/<attack>.toml` is a starter of lab 01 (which earns nothing) with hostile code
in its regions, and files dropped beside it. An honest learner (the reference) must get full
marks in the same batch, the batch must complete, and nothing may be left running or changed.
"""

import sys
import tomllib
from pathlib import Path

import pytest

from graders.labs import Grade, grade_class
from graders.sandbox import Limits, processes_of, sandbox_problem
from labs.engine.catalog import get_lab
from labs.engine.starter import make_starter, put_regions
from labs.engine.workspace import create, reference_sources

pytestmark = pytest.mark.skipif(
    sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}"
)

LAB = get_lab("01")
ATTACKS = sorted((Path(__file__).parent / "submissions").glob("*.toml"))
ROOT = Path(__file__).resolve().parents[3]
TIME_LIMIT = 20  # for the checks, once the app answers
# Tighter than a real batch's, so that the hostile ones end sooner; the honest one needs ~2 s.
LIMITS = Limits(cpu_seconds=5, memory_bytes=2048 * 1024 * 1024, processes=128)


def _tampered() -> list[Path]:
    """What the attacks would have written, had they reached it (others edit labs/ meanwhile)."""
    places = ("/tmp/pwned", "/etc/pwned", "/usr/pwned")  # noqa: S108 - the attacks aim there
    found = [Path(p) for p in places if Path(p).exists()]
    found += [p for p in Path(sys.prefix).rglob("zz_pwned.pth")]
    found += [p for p in (ROOT / "labs").rglob("*.py") if p.read_bytes() == b"pwned"]
    return found


def _submission(root: Path, name: str, regions: dict[str, str], files: dict[str, str]) -> None:
    starter = make_starter(reference_sources(), LAB.number, LAB.hints)
    folder = create(root / name, put_regions(starter, LAB.number, regions), [LAB.number]).root
    for path, text in files.items():
        (folder / path).write_text(text)


def _grade_class(root: Path, out: Path) -> dict[str, Grade]:
    create(root / "honest", reference_sources(), [LAB.number])
    _submission(root, "starter", {}, {})
    for attack in ATTACKS:
        data = tomllib.loads(attack.read_text())
        _submission(root, attack.stem, data.get("regions", {}), data.get("files", {}))
    grades = grade_class(
        LAB, root, out, jobs=6, time_limit=TIME_LIMIT, limits=LIMITS, progress=False
    )
    return {grade.student: grade for grade in grades}


def _wrongs(attack: str, grade: Grade, starter: Grade, honest: Grade) -> list[str]:
    """What went wrong with one attack's grade: nothing, when the sandbox held."""
    wrongs = []
    if grade.score > starter.score:
        passed = [c.id for c in grade.checks if c.status == "passed"]
        wrongs.append(f"{attack} earned {grade.score} points: {passed}")
    if grade.max_score != honest.max_score:
        wrongs.append(f"{attack} was graded out of {grade.max_score}")
    for sign in ("NETWORK-OK", "PATCHED", "WROTE", "def test_"):
        if sign in grade.server_output:
            wrongs.append(f"{attack} printed {sign}: {grade.server_output[-500:]}")
    if grade.uid is not None and processes_of(grade.uid):
        wrongs.append(f"{attack} left processes running: {processes_of(grade.uid)}")
    return wrongs


def test_there_are_at_least_twelve_attacks() -> None:
    assert len(ATTACKS) >= 12


def test_a_batch_of_attacks_earns_nothing_and_an_honest_learner_everything(
    tmp_path: Path,
) -> None:
    """One test, so that the batch runs once even when the suite runs on several workers."""
    batch = _grade_class(tmp_path / "submissions", tmp_path / "grades")
    assert set(batch) == {"honest", "starter", *(a.stem for a in ATTACKS)}
    honest, starter = batch["honest"], batch["starter"]
    assert honest.error == ""
    assert honest.score == honest.max_score == LAB.points + LAB.hidden_points
    assert honest.outside_edits == []
    assert batch["conftest_plugin"].outside_edits == ["conftest.py"]
    wrongs = [w for a in ATTACKS for w in _wrongs(a.stem, batch[a.stem], starter, honest)]
    assert wrongs == []
    assert _tampered() == [], "a submission changed files outside its sandbox"
    rows = (tmp_path / "grades" / "gradebook.csv").read_text().splitlines()
    assert len(rows) == 1 + len(batch)
    summary = (tmp_path / "grades" / "summary.md").read_text()
    assert f"grades of {len(batch)} submissions" in summary
