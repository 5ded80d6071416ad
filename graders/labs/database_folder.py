"""The folder the learner's app keeps its SQLite database in: the grader's, lent to the sandbox.

The grader makes it, so that the checks can look inside the app (read the stored password
hashes) while it runs. Where the grader may mount (as root, which sandboxing needs anyway) the
folder is a tmpfs of its own, so that an app writing without end fills its own bounded memory,
never the grader's disk; the sandbox sees it read-write at /data, owned by the sandbox's uid.
"""

import contextlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

INSIDE = Path("/data")  # where the app sees it
DATABASE = "conduit.db"


def make_database_folder(folder: Path, size_bytes: int, *, trusted: bool) -> Path:
    """`folder`/data, made for one app: a bounded tmpfs when the grader may mount one."""
    data = folder / "data"
    data.mkdir(mode=0o700)
    if not trusted and os.geteuid() == 0:
        options = f"size={size_bytes},mode=0700,nosuid,nodev,noexec"
        # Not mountable here (a container without the right): a plain folder, each of its files
        # still bounded by the sandbox's file-size limit.
        subprocess.run(  # noqa: S603 - fixed arguments
            ["mount", "-t", "tmpfs", "-o", options, "course-data", str(data)],  # noqa: S607
            capture_output=True,
            check=False,
        )
    return data


def release_database_folder(folder: Path) -> None:
    """Unmount the folder's tmpfs, if it has one (the app has stopped), so it can be removed."""
    data = folder / "data"
    if data.is_dir() and os.path.ismount(data):
        with contextlib.suppress(OSError):
            subprocess.run(["umount", "--lazy", str(data)], capture_output=True, check=False)  # noqa: S603, S607


@dataclass(frozen=True)
class ServerDatabase:
    """A database on a server, made for one app: how the app and the checks each reach it."""

    app_url: str  # as the app sees it from the sandbox
    inside_url: str  # as the checks read it (as the app's own role, never as an administrator)
    read_only: tuple[tuple[Path, Path], ...] = ()  # what the sandbox must see: (outside, inside)
