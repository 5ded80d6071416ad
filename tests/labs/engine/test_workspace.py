from pathlib import Path

import pytest

from labs.engine.catalog import get_lab
from labs.engine.regions import MarkerError
from labs.engine.workspace import Workspace, WorkspaceError, start_lab


def test_a_new_workspace_stubs_only_its_lab(tmp_path: Path) -> None:
    workspace = start_lab(tmp_path / "ws", get_lab("01"))
    health = (workspace.package / "health.py").read_text()
    assert 'raise NotImplementedError("lab 01: health' in health
    assert "from conduit." in (workspace.package / "app.py").read_text()
    assert "reference_app" not in (workspace.package / "app.py").read_text()
    assert (
        'raise NotImplementedError("built in lab 02")'
        in (workspace.package / "auth" / "tokens.py").read_text()
    )
    assert workspace.started() == ["01"]


def test_a_new_workspace_holds_no_later_labs_code(tmp_path: Path) -> None:
    workspace = start_lab(tmp_path / "ws", get_lab("03"))
    follows = (workspace.package / "profiles" / "queries.py").read_text()
    assert 'raise NotImplementedError("built in lab 05")' in follows
    assert "Follow(" not in follows.split("# --- lab 05: follow ---")[1].split("# --- end")[0]
    assert "NotImplementedError" not in (workspace.package / "users" / "queries.py").read_text()


def test_starting_a_later_lab_keeps_the_learners_code(tmp_path: Path) -> None:
    workspace = start_lab(tmp_path / "ws", get_lab("01"))
    health = workspace.package / "health.py"
    mine = health.read_text().replace(
        'raise NotImplementedError("lab 01: health is not written yet")', "return my_answer()"
    )
    health.write_text(mine)
    start_lab(workspace.root, get_lab("02"))
    assert health.read_text() == mine
    assert "lab 02: hash_password" in (workspace.package / "auth" / "passwords.py").read_text()
    assert Workspace(workspace.root).started() == ["01", "02"]


def test_restarting_a_lab_is_refused_without_reset(tmp_path: Path) -> None:
    workspace = start_lab(tmp_path / "ws", get_lab("01"))
    with pytest.raises(WorkspaceError, match="already started"):
        start_lab(workspace.root, get_lab("01"))


def test_removed_markers_are_refused_and_nothing_is_written(tmp_path: Path) -> None:
    workspace = start_lab(tmp_path / "ws", get_lab("01"))
    tokens = workspace.package / "auth" / "tokens.py"
    tokens.write_text(tokens.read_text().replace("    # --- lab 02: read_token ---\n", ""))
    passwords = (workspace.package / "auth" / "passwords.py").read_text()
    with pytest.raises(MarkerError, match="read_token"):
        start_lab(workspace.root, get_lab("02"))
    assert (workspace.package / "auth" / "passwords.py").read_text() == passwords
    assert Workspace(workspace.root).started() == ["01"]
