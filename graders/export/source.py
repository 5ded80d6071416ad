"""The course's own source tree: where it is, a clean copy of it, and the versions it requires."""

import re
import shutil
from importlib.metadata import PackageNotFoundError, requires
from pathlib import Path

from graders.export.bundle import ExportError

DISTRIBUTION = "backend-course"
PACKAGES = ("reference_app", "labs", "graders", "loadtests")
INSTRUCTOR = "instructor"  # hidden checks and mistakes: the autograder grades with them
FILES = ("pyproject.toml", "setup.py", "README.md")  # what installing reads
LEFT_OUT = (
    "__pycache__", "*.pyc", ".venv", ".data", ".newman", "*.egg-info", "build",
    ".pytest_cache", ".mypy_cache", ".ruff_cache", ".ipynb_checkpoints",
)  # fmt: skip


def course_root() -> Path:
    """The folder holding pyproject.toml and the course's packages (an editable install's)."""
    root = Path(__file__).resolve().parents[2]
    missing = [name for name in (*FILES, *PACKAGES, INSTRUCTOR) if not (root / name).exists()]
    if missing:
        raise ExportError(
            f"exports copy the course's source tree, but {root} lacks {', '.join(missing)}: "
            "run `course export` from a clone of the course installed with `pip install -e`"
        )
    return root


def copy_course(target: Path, root: Path | None = None) -> Path:
    """A copy of what installing the course needs, without caches, databases or environments."""
    root = root or course_root()
    target.mkdir(parents=True)
    for name in FILES:
        shutil.copy2(root / name, target / name)
    for name in (*PACKAGES, INSTRUCTOR):
        shutil.copytree(root / name, target / name, ignore=shutil.ignore_patterns(*LEFT_OUT))
    return target


def pinned(name: str) -> str:
    """`name` with the version the course's pyproject.toml asks for, such as "pytest>=8.3"."""
    try:
        declared = requires(DISTRIBUTION) or []
    except PackageNotFoundError as error:
        raise ExportError(f"the {DISTRIBUTION} distribution is not installed") from error
    for line in declared:
        spec = line.split(";")[0].strip()
        if re.fullmatch(rf"{re.escape(name)}(\[[^\]]*\])?\s*([<>=!~].*)?", spec):
            return spec
    raise ExportError(f"{DISTRIBUTION} does not declare {name!r} in pyproject.toml")
