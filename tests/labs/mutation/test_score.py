"""Running mutants and scoring a lab: a weak check planted in a lab is found by a survivor."""

import inspect
from pathlib import Path

import pytest

from labs.engine import check
from labs.engine.catalog import Lab
from labs.engine.workspace import PACKAGE, create, reference_sources
from labs.mutation.mutants import Mutant, region_mutants
from labs.mutation.score import Outcome, Status, run_mutants, score, write_module

# A check that looks only at the status code: it passes whatever /health says in its body.
WEAK_CHECK = '''
from labs.engine import Api, check, expect_status


@check(points=1, task="Health"{rule}, catches=["anything"])
def test_health_answers_200(api: Api) -> None:
    """GET /health answers 200."""
    expect_status(api.get("/health"), 200, "answer 200 when the database answers")
'''


def planted_lab(folder: Path) -> Lab:
    """Lab 01's health region, checked only by the weak check above."""
    (folder / "checks").mkdir(parents=True)
    # Checks declare the rule they test where the engine asks for it.
    rule = ', rule="course"' if "rule" in inspect.signature(check).parameters else ""
    (folder / "checks" / "test_weak.py").write_text(WEAK_CHECK.format(rule=rule))
    return Lab("01", "planted", folder, 1, 0, 60, (), {"health": "planted"}, instructor=folder)


def fake(key: str, lab: str = "01") -> Mutant:
    return Mutant(key, lab, "r", "x.py", "constant", 1, f"x.py r line 1: {key}", "a\n", "b\n")


def outcome(key: str, status: Status) -> Outcome:
    return Outcome(fake(key), status, ("01:c",) if status == "killed" else (), 1.0)


def test_score_leaves_recorded_equivalents_out_of_the_total() -> None:
    outcomes = [
        outcome("k1", "killed"),
        outcome("k2", "timeout"),
        outcome("s1", "survived"),
        outcome("e1", "survived"),
        outcome("e2", "killed"),
    ]
    result = score("01", outcomes, {"e1", "e2"})
    assert [o.mutant.id for o in result.killed] == ["k1", "k2", "e2"]
    assert [o.mutant.id for o in result.survived] == ["s1"]
    assert [o.mutant.id for o in result.equivalent] == ["e1"]
    assert [o.mutant.id for o in result.misrecorded] == ["e2"]
    assert (result.total, round(result.percent)) == (4, 75)


def test_score_of_a_lab_without_mutants_is_full() -> None:
    assert score("02", [outcome("k1", "killed")], set()).percent == 100.0


def test_write_module_drops_the_files_cached_bytecode(tmp_path: Path) -> None:
    workspace = create(tmp_path, {"health.py": "X = 1\n", "other.py": "Y = 1\n"}, []).root
    cache = workspace / PACKAGE / "__pycache__"
    cache.mkdir()
    (cache / "health.cpython-311.pyc").write_bytes(b"stale")
    (cache / "other.cpython-311.pyc").write_bytes(b"kept")
    write_module(workspace, "health.py", "X = 2  # reference_app\n")
    assert (workspace / PACKAGE / "health.py").read_text() == f"X = 2  # {PACKAGE}\n"
    assert [p.name for p in cache.iterdir()] == ["other.cpython-311.pyc"]


@pytest.mark.slow
def test_a_planted_weak_check_is_found_by_a_survivor(tmp_path: Path) -> None:
    lab = planted_lab(tmp_path / "lab01_planted")
    sources = reference_sources()
    mutants = region_mutants(sources, "01", "health")
    body = next(m for m in mutants if m.description.endswith("`'ok'` -> `''`"))
    status = next(m for m in mutants if m.operator == "status" and "-> `201`" in m.description)
    outcomes = run_mutants([body, status], {"01": lab}, sources, jobs=2)
    assert [o.status for o in outcomes] == ["survived", "killed"], outcomes
    assert [name.split(":")[-1] for name in outcomes[1].failed] == ["health_answers_200"]
    result = score("01", outcomes, set())
    assert [o.mutant for o in result.survived] == [body]
