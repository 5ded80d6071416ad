from pathlib import Path

import pytest

from labs.engine.catalog import Lab
from labs.engine.runner import RunError, run_checks

CHECK = '''from labs.engine import Api, check


@check(points=1, task="T", catches=["m"])
def test_same_name(api: Api) -> None:
    """A check."""
'''


def test_a_hidden_check_named_like_a_public_one_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "lab99_demo"
    for part in ("checks", "hidden"):
        (folder / part).mkdir(parents=True)
        (folder / part / f"test_{part}.py").write_text(CHECK)
    lab = Lab("99", "Demo", folder, 1, 1, 60, (), {})
    with pytest.raises(RunError, match="two checks are named '99:same_name'"):
        run_checks([lab], url="http://127.0.0.1:9", hidden=True)
