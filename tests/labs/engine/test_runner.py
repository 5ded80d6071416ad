from pathlib import Path

import pytest

from labs.engine.catalog import Lab
from labs.engine.runner import RunError, run_checks

CHECK = '''import time

from labs.engine import Api, check


@check(points=1, task="T", rule="course", catches=["m"])
def test_same_name(api: Api) -> None:
    """A check."""
'''
SLOW_CHECK = CHECK.replace('"""A check."""', '"""A check."""\n    time.sleep(60)')


def _lab(folder: Path) -> Lab:
    return Lab("99", "Demo", folder, 1, 1, 60, (), {}, folder.parent / "instructor" / folder.name)


def test_a_hidden_check_named_like_a_public_one_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lab99_demo"
    for part in (folder / "checks", tmp_path / "instructor" / folder.name / "hidden"):
        part.mkdir(parents=True)
        (part / f"test_{part.name}.py").write_text(CHECK)
    with pytest.raises(RunError, match="two checks are named '99:same_name'"):
        run_checks([_lab(folder)], url="http://127.0.0.1:9", hidden=True)


def test_checks_that_run_too_long_are_stopped(tmp_path: Path) -> None:
    folder = tmp_path / "lab99_demo"
    (folder / "checks").mkdir(parents=True)
    (folder / "checks" / "test_slow.py").write_text(SLOW_CHECK)
    with pytest.raises(RunError, match="did not finish within 3 s"):
        run_checks([_lab(folder)], url="http://127.0.0.1:9", timeout=3)
