"""The checks' process: what it does for its own speed must not change what checks see."""

from pathlib import Path

from labs.engine.catalog import Lab
from labs.engine.runner import run_checks

# Imported while the checks are collected, so `COLLECTED_WITH_GC` says how collection ran.
CHECK = '''import gc

from labs.engine import CheckFailed, check

COLLECTED_WITH_GC = gc.isenabled()


@check(points=1, task="T", rule="course", catches=["m"])
def test_collector(api) -> None:
    """The collector is on while checks run, and sees none of what start-up imported."""
    seen = (COLLECTED_WITH_GC, gc.isenabled(), gc.get_freeze_count() > 1000)
    if seen != (False, True, True):
        raise CheckFailed("gc", "(False, True, True)", str(seen), "see labs/engine/plugin.py")
'''


def test_imports_are_frozen_out_of_the_collector_which_is_on_for_the_checks(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "lab99_demo"
    (folder / "checks").mkdir(parents=True)
    (folder / "checks" / "test_collector.py").write_text(CHECK)
    lab = Lab("99", "Demo", folder, 1, 1, 60, (), {}, tmp_path / "instructor" / folder.name)
    (result,) = run_checks([lab], url="http://127.0.0.1:9").checks
    assert result.status == "passed", result.message
