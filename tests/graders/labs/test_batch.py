"""Choosing the submissions of a batch; the batch itself is proven by tests/graders/redteam."""

from pathlib import Path

import pytest

from graders.labs import submissions_in


def test_one_learner_can_be_regraded(tmp_path: Path) -> None:
    for name in ("ada", "bob", "eve"):
        (tmp_path / name).mkdir()
    (tmp_path / "notes.txt").write_text("")
    assert [p.name for p in submissions_in(tmp_path)] == ["ada", "bob", "eve"]
    assert [p.name for p in submissions_in(tmp_path, ["bob"])] == ["bob"]
    with pytest.raises(KeyError, match="zed"):
        submissions_in(tmp_path, ["zed"])
