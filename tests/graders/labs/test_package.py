"""The grading package's names load when first used, so `course check` starts without them."""

import subprocess
import sys

import pytest

import graders.labs


def _modules_after(statement: str) -> set[str]:
    """The modules a fresh interpreter holds after running `statement`."""
    printed = subprocess.run(
        [sys.executable, "-c", f"{statement}\nimport sys\nprint(*sys.modules)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(printed.split())


def test_the_check_command_does_not_load_the_reference_app_to_start() -> None:
    # What `course check` imports: its command line, and the splicing rules it warns with.
    loaded = _modules_after("import labs.engine.cli, graders.labs.splice")
    assert "reference_app" not in loaded
    assert "graders.labs.grade" not in loaded


def test_every_exported_name_is_what_its_home_module_defines() -> None:
    for name in graders.labs.__all__:
        value = getattr(graders.labs, name)
        assert value.__name__ == name
        assert value.__module__.startswith("graders.labs.")


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="nothing_here"):
        graders.labs.nothing_here  # noqa: B018 - the lookup is the test
