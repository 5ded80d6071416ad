"""The learner's own exceptions: told once, with file and line, beside the checks they broke."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from labs.engine.cli import main
from labs.engine.crashes import describe, import_problem
from labs.engine.starter import put_regions
from labs.engine.workspace import create, reference_sources


def _package(folder: Path, code: str, name: str) -> Path:
    package = folder / name
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "module.py").write_text(code)
    return package


def test_an_exception_is_told_with_the_frames_in_the_learners_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tmp_path, "def total(items):\n    return sum(items) / len(items)\n", "mine")
    monkeypatch.syspath_prepend(str(tmp_path))
    from mine.module import total  # type: ignore[import-not-found]

    with pytest.raises(ZeroDivisionError) as raised:
        total([])
    told = describe(raised.value, package)
    assert told.splitlines()[0] == "ZeroDivisionError: division by zero"
    assert "mine/module.py:2 in total" in told
    assert "return sum(items) / len(items)" in told
    assert __file__ not in told  # frames outside the learner's package are left out


def test_a_syntax_error_is_told_with_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(tmp_path, "def broken(:\n    pass\n", "broken_package")
    monkeypatch.syspath_prepend(str(tmp_path))
    told = import_problem(package, "broken_package.module")
    assert told is not None
    assert told.startswith("SyntaxError")
    assert "broken_package/module.py:1" in told


@pytest.fixture
def runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def _workspace_with(list_tags: str) -> None:
    sources = put_regions(reference_sources(), "03", {"list_tags": list_tags})
    create(Path("workspace"), sources, ["03"])


def test_course_check_shows_the_learners_exception_once_instead_of_a_hint(
    runner: CliRunner,
) -> None:
    _workspace_with("    tags = await queries.all_tags(session)\n    return tags[len(tags)]\n")
    checked = runner.invoke(main, ["check", "03"], terminal_width=200)
    assert checked.exit_code == 1, checked.output
    assert checked.output.count("Your code raised") == 1
    assert "IndexError: list index out of range" in checked.output
    assert "conduit/articles/routes.py" in checked.output
    assert "return tags[len(tags)]" in checked.output


def test_an_app_that_does_not_import_is_one_message_and_exit_status_2(runner: CliRunner) -> None:
    _workspace_with("    return TagsResponse(tags=[)\n")
    checked = runner.invoke(main, ["check", "03"], terminal_width=200)
    assert checked.exit_code == 2, checked.output
    assert checked.output.count("SyntaxError") == 1
    assert "conduit/articles/routes.py" in checked.output
    assert "does not import" in checked.output
