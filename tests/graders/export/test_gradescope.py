"""The Gradescope bundle: its scripts at the zip's root, the course inside, nothing cached."""

import subprocess
import zipfile
from pathlib import Path

import pytest

from graders.export import ExportError
from graders.export.autograder import Settings
from graders.export.gradescope import export_gradescope
from tests.graders.export.conftest import LAB

SCRIPTS = ("setup.sh", "run_autograder")


def _names(archive: Path) -> list[str]:
    with zipfile.ZipFile(archive) as zipped:
        return zipped.namelist()


def test_setup_and_run_autograder_are_executable_at_the_zips_root(gradescope_zip: Path) -> None:
    with zipfile.ZipFile(gradescope_zip) as zipped:
        for name in SCRIPTS:
            mode = zipped.getinfo(name).external_attr >> 16
            assert mode & 0o111 == 0o111, f"{name} is not executable in the zip ({oct(mode)})"


@pytest.mark.parametrize("name", SCRIPTS)
def test_both_scripts_are_valid_bash(gradescope_zip: Path, name: str) -> None:
    script = gradescope_zip.with_suffix("") / name
    checked = subprocess.run(["bash", "-n", script], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


def test_the_zip_holds_the_course_and_the_hidden_checks(gradescope_zip: Path) -> None:
    names = set(_names(gradescope_zip))
    for needed in ("course/pyproject.toml", "course/README.md", "requirements.txt", "README.md"):
        assert needed in names
    for package in ("reference_app", "labs", "graders", "loadtests"):
        assert f"course/{package}/__init__.py" in names
    hidden = {
        f"course/instructor/labs/{LAB.folder.name}/hidden/{p.name}"
        for p in LAB.hidden_dir.glob("*.py")
    }
    assert hidden
    assert hidden <= names, "the instructor's autograder must run the hidden checks"


def test_the_zip_holds_no_environment_or_cache(gradescope_zip: Path) -> None:
    left_in = [
        name
        for name in _names(gradescope_zip)
        if any(part in name for part in (".venv", "__pycache__", ".pyc", ".data/", "egg-info"))
    ]
    assert left_in == []


def test_its_settings_and_requirements_are_what_was_asked(tmp_path: Path) -> None:
    folder = export_gradescope(LAB, tmp_path, sandbox=False, time_limit=45).with_suffix("")
    assert Settings.read(folder) == Settings(LAB.number, 45, sandbox=False)
    assert "pytest" in (folder / "requirements.txt").read_text()
    readme = (folder / "README.md").read_text()
    assert "--no-sandbox" in readme
    assert "unconfined" in readme
    assert f"{LAB.points + LAB.hidden_points} points" in readme


def test_a_sandboxed_export_says_what_happens_without_a_sandbox(gradescope_zip: Path) -> None:
    readme = (gradescope_zip.with_suffix("") / "README.md").read_text()
    assert "gets 0 with a message" in readme
    assert "$" not in readme, "a placeholder was left unfilled"


def test_an_earlier_export_is_not_overwritten(gradescope_zip: Path) -> None:
    with pytest.raises(ExportError, match="already exists"):
        export_gradescope(LAB, gradescope_zip.parent)
