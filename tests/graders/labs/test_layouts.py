"""Finding a learner's package in any layout they hand in, and reading it within bounds."""

import os
from pathlib import Path

import pytest

from graders.labs import layouts, release_lab
from graders.labs.layouts import SubmissionError, find_package, read_package, read_submission
from labs.engine.catalog import get_lab


@pytest.mark.parametrize(
    "where", ["conduit", "workspace/conduit", "lab01/conduit", "lab01/workspace/conduit"]
)
def test_the_package_is_found_where_learners_put_it(tmp_path: Path, where: str) -> None:
    (tmp_path / where).mkdir(parents=True)
    assert find_package(tmp_path) == tmp_path / where


def test_a_release_bundle_is_graded_as_it_is(tmp_path: Path) -> None:
    bundle = release_lab(get_lab("01"), tmp_path / "ada")
    sources = read_submission(tmp_path / "ada")
    assert find_package(tmp_path / "ada") == bundle / "workspace" / "conduit"
    assert "app.py" in sources


def test_a_package_that_is_a_symlink_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "conduit").symlink_to(tmp_path / "elsewhere")
    assert find_package(tmp_path) is None


def test_a_folder_on_the_way_that_is_a_symlink_is_not_followed(tmp_path: Path) -> None:
    # As another learner's folder could be reached: bob/repo -> ../ada
    (tmp_path / "ada" / "conduit").mkdir(parents=True)
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "repo").symlink_to(tmp_path / "ada")
    (tmp_path / "bob" / "workspace").symlink_to(tmp_path / "ada")
    assert find_package(tmp_path / "bob") is None


def test_a_submission_that_is_a_symlink_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "ada" / "conduit").mkdir(parents=True)
    (tmp_path / "bob").symlink_to(tmp_path / "ada")
    with pytest.raises(SubmissionError, match="no conduit/ folder"):
        read_submission(tmp_path / "bob")


def _package(root: Path) -> Path:
    package = root / "conduit"
    package.mkdir(parents=True)
    (package / "app.py").write_text("x = 1\n")
    return package


def test_a_package_with_too_many_files_gets_a_clear_error(tmp_path: Path) -> None:
    package = _package(tmp_path)
    for number in range(layouts.MAX_ENTRIES + 1):
        (package / f"f{number}.txt").touch()
    with pytest.raises(SubmissionError, match=f"over {layouts.MAX_ENTRIES} files and folders"):
        read_package(package)


def test_a_very_deep_package_gets_a_clear_error(tmp_path: Path) -> None:
    package = _package(tmp_path)
    deep = package.joinpath(*["d"] * 200)  # far deeper than any recursion could go
    deep.mkdir(parents=True)
    (deep / "x.py").write_text("")
    with pytest.raises(SubmissionError, match=f"over {layouts.MAX_DEPTH} folders deep"):
        read_package(package)


def test_a_package_too_large_in_all_gets_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tmp_path)
    for number in range(5):
        (package / f"m{number}.py").write_text("#" * 1000)
    monkeypatch.setattr(layouts, "MAX_TOTAL_BYTES", 3000)
    with pytest.raises(SubmissionError, match="Python files of conduit/ are over"):
        read_package(package)


def test_a_submission_with_a_huge_top_folder_gets_a_clear_error(tmp_path: Path) -> None:
    for number in range(layouts.MAX_ENTRIES + 1):
        (tmp_path / f"f{number}").touch()
    with pytest.raises(SubmissionError, match="over"):
        find_package(tmp_path)


def test_only_regular_python_files_are_read(tmp_path: Path) -> None:
    package = _package(tmp_path)
    (package / "notes.md").write_text("")
    (package / "__pycache__").mkdir()
    (package / "__pycache__" / "app.py").write_text("")
    os.symlink("/etc/hostname", package / "stolen.py")
    assert list(read_package(package)) == ["app.py"]
