"""Where a learner's package is in what they hand in, and reading it within bounds.

Every grader (`course grade`, the Gradescope autograder) accepts the same layouts:

    <learner>/conduit/                 the package itself
    <learner>/workspace/conduit/       their whole workspace
    <learner>/<any>/conduit/           a repository or archive holding either of those,
    <learner>/<any>/workspace/conduit/ such as a release bundle as it is (lab03/workspace/)

No symbolic link is followed on the way, and a submission too large, too deep or holding too
many files is refused with a message saying which bound it passed.
"""

import itertools
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from labs.engine.starter import Sources
from labs.engine.workspace import PACKAGE

MAX_FILE_BYTES = 512 * 1024  # one Python file
MAX_TOTAL_BYTES = 4 * 1024 * 1024  # all of the package's Python files together
MAX_ENTRIES = 2000  # files and folders in the package, and in a submission's top folder
MAX_DEPTH = 8  # folders below the package's own


class SubmissionError(Exception):
    """The submission holds no usable code for the lab (no package, or its markers are broken)."""


def _entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    """A folder's entries, at most MAX_ENTRIES of them, by name."""
    with os.scandir(folder) as scan:
        entries = list(itertools.islice(scan, MAX_ENTRIES + 1))
    if len(entries) > MAX_ENTRIES:
        raise SubmissionError(
            f"{folder.name}/ holds over {MAX_ENTRIES} files and folders: hand in your code only "
            "(no virtual environment, no data)"
        )
    return iter(sorted(entries, key=lambda e: e.name))


def _real_folder(path: Path) -> bool:
    """A folder, not a symbolic link to one."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def find_package(submission: Path) -> Path | None:
    """The learner's package in `submission`, in the order the module docstring lists."""
    if not _real_folder(submission):
        return None
    candidates = [submission / PACKAGE, submission / "workspace" / PACKAGE]
    for entry in _entries(submission):
        if entry.is_dir(follow_symlinks=False) and entry.name not in (PACKAGE, "workspace"):
            candidates += [Path(entry.path) / PACKAGE, Path(entry.path) / "workspace" / PACKAGE]
    # Each step from the submission down must be a real folder: a link could lead elsewhere.
    for candidate in candidates:
        steps = candidate.relative_to(submission).parts
        if all(_real_folder(submission.joinpath(*steps[: i + 1])) for i in range(len(steps))):
            return candidate
    return None


def read_package(package: Path) -> Sources:
    """The package's Python files by path: regular, small files only, no symbolic links.

    Raises SubmissionError when a file, the whole, the number of entries or the depth is over
    its bound.
    """
    sources: Sources = {}
    total, seen = 0, 0
    stack: list[tuple[Path, int]] = [(package, 0)]
    while stack:
        folder, depth = stack.pop()
        for entry in _entries(folder):
            seen += 1
            if seen > MAX_ENTRIES:
                raise SubmissionError(
                    f"{PACKAGE}/ holds over {MAX_ENTRIES} files and folders: hand in your code "
                    "only (no virtual environment, no data)"
                )
            path = Path(entry.path)
            relative = path.relative_to(package).as_posix()
            if entry.is_symlink() or entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 > MAX_DEPTH:
                    raise SubmissionError(f"{PACKAGE}/{relative}/ is over {MAX_DEPTH} folders deep")
                stack.append((path, depth + 1))
                continue
            if not entry.name.endswith(".py") or not entry.is_file(follow_symlinks=False):
                continue
            size = entry.stat(follow_symlinks=False).st_size
            if size > MAX_FILE_BYTES:
                raise SubmissionError(f"{PACKAGE}/{relative} is over {MAX_FILE_BYTES // 1024} KiB")
            total += size
            if total > MAX_TOTAL_BYTES:
                raise SubmissionError(
                    f"the Python files of {PACKAGE}/ are over {MAX_TOTAL_BYTES // 1024 // 1024} "
                    "MiB together"
                )
            sources[relative] = _read(path).decode(errors="replace")
    return dict(sorted(sources.items()))


def _read(path: Path) -> bytes:
    """A file's bytes, never through a link, never more than its bound (it may have grown)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as file:
        return file.read(MAX_FILE_BYTES)


def read_submission(folder: Path) -> Sources:
    """The learner's package in `folder`, found in any layout above, read within bounds."""
    package = find_package(folder)
    if package is None:
        raise SubmissionError(
            f"no {PACKAGE}/ folder in the submission {folder.name} (looked in {PACKAGE}/, "
            f"workspace/{PACKAGE}/, and one folder down)"
        )
    return read_package(package)
