"""Only the lab's regions of a submission are used; edits elsewhere are reported."""

import os
from pathlib import Path

import pytest

from graders.labs.splice import SubmissionError, read_submission, splice
from labs.engine.catalog import get_lab
from labs.engine.starter import make_starter, take_regions
from labs.engine.workspace import create, reference_sources, to_workspace

LAB = get_lab("01")


def _workspace(tmp_path: Path) -> Path:
    return create(tmp_path / "learner", reference_sources(), [LAB.number]).root


def test_takes_the_learner_regions_into_a_pristine_starter(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    health = root / "conduit" / "health.py"
    # The learner's answer inside the region, and code outside it.
    text = health.read_text().replace('"database": "ok"}', '"database": "ok", "mine": 1}')
    health.write_text(text + "\nEVIL = True\n")
    spliced = splice(LAB, read_submission(root))
    assert '"mine": 1' in spliced.sources["health.py"]
    assert "EVIL" not in spliced.sources["health.py"]
    assert spliced.outside_edits == ["health.py"]


def test_a_starter_spliced_is_the_starter(tmp_path: Path) -> None:
    starter = make_starter(reference_sources(), LAB.number, LAB.hints)
    root = create(tmp_path / "learner", starter, [LAB.number]).root
    spliced = splice(LAB, read_submission(root))
    assert spliced.sources == {path: to_workspace(text) for path, text in starter.items()}
    assert spliced.outside_edits == []


def test_other_labs_regions_come_from_the_reference(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    for path in (root / "conduit").rglob("*.py"):
        path.write_text(path.read_text().replace("select(", "select_broken("))
    spliced = splice(get_lab("02"), read_submission(root))
    ours = take_regions(spliced.sources, "03", list(get_lab("03").hints))
    reference = take_regions(reference_sources(), "03", list(get_lab("03").hints))
    assert ours == {name: to_workspace(body) for name, body in reference.items()}


def test_dropped_files_are_reported_and_not_used(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "conduit" / "conftest.py").write_text("import os\n")
    spliced = splice(LAB, read_submission(root))
    assert "conftest.py" not in spliced.sources
    assert spliced.outside_edits == ["conftest.py"]


def test_symlinks_are_not_followed(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    secret = tmp_path / "secret.py"
    secret.write_text("SECRET = 1\n")
    os.symlink(secret, root / "conduit" / "stolen.py")
    assert "stolen.py" not in read_submission(root)


def test_a_folder_without_the_package_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SubmissionError, match="no conduit/ folder"):
        read_submission(tmp_path)


def test_deleted_markers_are_refused(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    health = root / "conduit" / "health.py"
    health.write_text(health.read_text().replace("# --- lab 01: health ---", ""))
    with pytest.raises(SubmissionError, match="without a start"):
        splice(LAB, read_submission(root))


def test_a_region_that_closes_itself_early_smuggles_nothing_out(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    health = root / "conduit" / "health.py"
    smuggled = (
        "# --- lab 01: health ---\n"
        "    raise NotImplementedError\n"
        "# --- end lab 01: health ---\n"
        "SMUGGLED = True\n"
        "# --- lab 01: health ---\n"
    )
    health.write_text(health.read_text().replace("# --- lab 01: health ---\n", smuggled, 1))
    with pytest.raises(SubmissionError):
        splice(LAB, read_submission(root))


def test_huge_files_are_refused(tmp_path: Path) -> None:
    root = _workspace(tmp_path)
    (root / "conduit" / "health.py").write_text("x = 1\n" * 200_000)
    with pytest.raises(SubmissionError, match=r"conduit/health\.py is over 512 KiB"):
        read_submission(root)
