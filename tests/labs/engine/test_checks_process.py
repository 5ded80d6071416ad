"""The checks' process starts without what checks never use, and runs them as pytest would."""

from pathlib import Path

from labs.engine.catalog import Lab
from labs.engine.runner import run_checks

CHECK = '''import sys

import httpx

from labs.engine import CheckFailed, check


@check(points=1, task="T", rule="course", catches=["m"])
def test_lean(api) -> None:
    """httpx's client is there, and its command line's libraries are not."""
    loaded = sorted(name for name in ("click", "rich", "httpx._main") if sys.modules.get(name))
    if loaded or not httpx.Client:
        raise CheckFailed("sys.modules", "no click, rich or httpx._main", str(loaded), "")
'''


def test_the_checks_process_leaves_out_httpxs_command_line(tmp_path: Path) -> None:
    folder = tmp_path / "lab99_demo"
    (folder / "checks").mkdir(parents=True)
    (folder / "checks" / "test_lean.py").write_text(CHECK)
    lab = Lab("99", "Demo", folder, 1, 1, 60, (), {}, tmp_path / "instructor" / folder.name)
    (result,) = run_checks([lab], url="http://127.0.0.1:9").checks
    assert result.status == "passed", result.message
