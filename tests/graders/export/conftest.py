"""The exports the tests share: each is made once per session, in a folder of its own."""

from pathlib import Path

import pytest

from graders.export.gradescope import export_gradescope
from labs.engine.catalog import get_lab

LAB = get_lab("01")


@pytest.fixture(scope="session")
def gradescope_zip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Lab 01's Gradescope autograder, sandboxed, as `course export` writes it."""
    return export_gradescope(LAB, tmp_path_factory.mktemp("gradescope"))
