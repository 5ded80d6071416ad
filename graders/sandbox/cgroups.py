"""A control group per sandbox: one memory and one process budget for all of its processes.

RLIMIT_AS bounds each process alone, so a hundred processes may each take their share; a
control group bounds their sum, and lists every process it holds, forks included. cgroup v2
is used where its memory and pids controllers are enabled, v1 hierarchies otherwise; where
neither can be written (not root, or none mounted), the rlimits are all there is.
"""

import contextlib
import os
import re
import signal
import time
from functools import cache
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
CONTROLLERS = ("memory", "pids")
PREFIX = "course-sandbox"
# A sandbox's groups are named after the grader's pid: those of a grader that is gone (killed
# before it could remove them) are removed by the next one.
OURS = re.compile(rf"{PREFIX}-(\d+)-\d+")


def group_name(uid: int) -> str:
    """The name of the groups of the sandbox running under `uid`, made by this process."""
    return f"{PREFIX}-{os.getpid()}-{uid}"


def remove_stale(parent: Path) -> list[Path]:
    """Remove the empty groups in `parent` left by graders that are gone; return them."""
    removed = []
    for group in parent.glob(f"{PREFIX}-*"):
        match = OURS.fullmatch(group.name)
        if match and not _alive(int(match[1])):
            with contextlib.suppress(OSError):  # still holding a process: left alone
                group.rmdir()
                removed.append(group)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _own_path(hierarchy: str) -> str:
    """This process's group in a hierarchy ('' for v2), as /proc/self/cgroup gives it."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        if hierarchy in names.split(","):
            return path.lstrip("/")
    return ""


@cache
def parents() -> dict[str, Path]:
    """Where this process may make groups, by controller; empty when it may not."""
    if os.geteuid() != 0:
        return {}
    unified = ROOT / "cgroup.controllers"
    if unified.exists() and set(CONTROLLERS) <= set(unified.read_text().split()):
        # v2: groups go beside ours, whose parent must hand both controllers down.
        own = ROOT / _own_path("")
        parent = own.parent if own != ROOT else ROOT
        try:
            (parent / "cgroup.subtree_control").write_text("+memory +pids")
        except OSError:
            return {}
        remove_stale(parent)
        return dict.fromkeys(CONTROLLERS, parent)
    found = {name: ROOT / name / _own_path(name) for name in CONTROLLERS}
    if not all(os.access(path, os.W_OK) for path in found.values()):
        return {}
    for parent in set(found.values()):
        remove_stale(parent)
    return found


class Cgroup:
    """The groups of one sandbox; `enter` is the command prefix that puts a command in them."""

    def __init__(self, name: str, *, memory_bytes: int, processes: int) -> None:
        self.groups = {controller: parent / name for controller, parent in parents().items()}
        made: list[Path] = []
        try:
            for group in dict.fromkeys(self.groups.values()):
                group.mkdir()
                made.append(group)
            self._limit(memory_bytes, processes)
        except OSError:
            for group in made:
                with contextlib.suppress(OSError):
                    group.rmdir()
            raise

    @property
    def v2(self) -> bool:
        return len(set(self.groups.values())) == 1

    def _limit(self, memory_bytes: int, processes: int) -> None:
        memory, pids = self.groups["memory"], self.groups["pids"]
        (pids / "pids.max").write_text(str(processes))
        if self.v2:
            (memory / "memory.max").write_text(str(memory_bytes))
            (memory / "memory.swap.max").write_text("0")
            return
        (memory / "memory.limit_in_bytes").write_text(str(memory_bytes))
        swap = memory / "memory.memsw.limit_in_bytes"  # only where swap accounting is on
        if swap.exists():
            swap.write_text(str(memory_bytes))

    def enter(self) -> list[str]:
        """`sh` puts itself in the groups, then becomes the command that follows."""
        procs = " ".join(f"{group}/cgroup.procs" for group in dict.fromkeys(self.groups.values()))
        script = f'for f in {procs}; do echo $$ > "$f" || exit 125; done; exec "$@"'
        return ["/bin/sh", "-c", script, "sh"]

    def pids(self) -> list[int]:
        text = (self.groups["pids"] / "cgroup.procs").read_text()
        return [int(pid) for pid in text.split()]

    def out_of_memory(self) -> bool:
        """Whether the kernel killed a process of the group for going over its memory."""
        memory = self.groups["memory"]
        name = "memory.events" if self.v2 else "memory.oom_control"
        words = (memory / name).read_text().split()
        return "oom_kill" in words and int(words[words.index("oom_kill") + 1]) > 0

    def remove(self, seconds: float = 10) -> None:
        """Kill what is left in the groups, then remove them."""
        deadline = time.monotonic() + seconds
        while (left := self.pids()) and time.monotonic() < deadline:
            for pid in left:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.02)
        for group in dict.fromkeys(self.groups.values()):
            with contextlib.suppress(OSError):
                group.rmdir()
