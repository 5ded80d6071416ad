"""The learner-facing bundle of a lab holds its starter and public checks, never hidden ones."""

from pathlib import Path

import pytest

from graders.labs.release import release_lab
from labs.engine.catalog import get_lab

LAB = get_lab("01")


def test_the_bundle_has_the_starter_readme_and_public_checks(tmp_path: Path) -> None:
    bundle = release_lab(LAB, tmp_path)
    health = (bundle / "workspace" / "conduit" / "health.py").read_text()
    assert "NotImplementedError" in health
    assert (bundle / "README.md").read_text() == (LAB.folder / "README.md").read_text()
    assert sorted(p.name for p in (bundle / "checks").glob("*.py")) == sorted(
        p.name for p in LAB.checks_dir.glob("*.py")
    )


def test_the_bundle_holds_no_hidden_check(tmp_path: Path) -> None:
    bundle = release_lab(LAB, tmp_path)
    hidden = {p.read_text() for p in LAB.hidden_dir.glob("*.py")}
    assert hidden
    assert not any(p.read_text() in hidden for p in bundle.rglob("*.py"))
    assert not any(part == "hidden" for p in bundle.rglob("*") for part in p.parts)


def test_an_existing_bundle_is_not_overwritten(tmp_path: Path) -> None:
    release_lab(LAB, tmp_path)
    with pytest.raises(FileExistsError):
        release_lab(LAB, tmp_path)
