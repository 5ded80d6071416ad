"""Hostile submissions graded in one batch with honest ones: none earns a point it did not earn.

Each `submissions/<attack>.toml` is a starter of lab 01 (which earns nothing) with hostile code
in its regions, and files dropped beside it. An honest learner (the reference) must get full
marks in the same batch, the batch must complete, and nothing may be left running or changed.
"""

import sys
import tomllib
from pathlib import Path

import psutil
import pytest

from graders.labs import Grade, grade_class
from graders.sandbox import Limits, sandbox_problem
from graders.sandbox.process import FIRST_UID
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


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Grade]:
    root = tmp_path_factory.mktemp("submissions")
    create(root / "honest", reference_sources(), [LAB.number])
    _submission(root, "starter", {}, {})
    for attack in ATTACKS:
        data = tomllib.loads(attack.read_text())
        _submission(root, attack.stem, data.get("regions", {}), data.get("files", {}))
    grades = grade_class(
        LAB, root, tmp_path_factory.mktemp("grades"), jobs=6, time_limit=TIME_LIMIT,
        limits=LIMITS,
        progress=False,
    )  # fmt: skip
    assert _tampered() == [], "a submission changed files outside its sandbox"
    return {grade.student: grade for grade in grades}


def test_there_are_at_least_twelve_attacks() -> None:
    assert len(ATTACKS) >= 12


def test_the_batch_grades_everyone(batch: dict[str, Grade]) -> None:
    assert set(batch) == {"honest", "starter", *(a.stem for a in ATTACKS)}


def test_an_honest_learner_gets_full_marks(batch: dict[str, Grade]) -> None:
    honest = batch["honest"]
    assert honest.error == ""
    assert honest.score == honest.max_score == LAB.points + LAB.hidden_points


@pytest.mark.parametrize("attack", [a.stem for a in ATTACKS])
def test_an_attack_earns_nothing(batch: dict[str, Grade], attack: str) -> None:
    grade = batch[attack]
    assert grade.score <= batch["starter"].score, [
        c.id for c in grade.checks if c.status == "passed"
    ]
    assert grade.max_score == batch["honest"].max_score


@pytest.mark.parametrize("attack", [a.stem for a in ATTACKS])
def test_an_attack_reaches_nothing(batch: dict[str, Grade], attack: str) -> None:
    output = batch[attack].server_output
    for sign in ("NETWORK-OK", "PATCHED", "WROTE", "def test_"):
        assert sign not in output, output[-1000:]


def test_dropped_files_are_reported_and_not_used(batch: dict[str, Grade]) -> None:
    assert batch["honest"].outside_edits == []
    assert batch["conftest_plugin"].outside_edits == ["conftest.py"]


def test_nothing_is_left_running(batch: dict[str, Grade]) -> None:
    left = [p.pid for p in psutil.process_iter(["uids"]) if p.info["uids"].real >= FIRST_UID]
    assert left == []
