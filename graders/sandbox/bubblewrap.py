"""The bubblewrap command line that walls a command in, and the probe that says if it can.

The sandbox is made by `bwrap` running as root (so it can bind what it needs), then the
command drops to a uid of its own with `setpriv`: RLIMIT_NPROC does not stop root, and a uid
per sandbox keeps one learner's fork bomb from using up another's processes. A seccomp filter
(`seccomp.py`) refuses it new user namespaces.
"""

import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from graders.sandbox import seccomp
from graders.sandbox.limits import Limits

SCRATCH = Path("/scratch")
# What Python needs at run time; nothing of the course's own files (the hidden checks).
SYSTEM_DIRS = ("/usr", "/etc/alternatives", "/etc/ld.so.cache", "/etc/localtime")
USR_LINKS = ("bin", "lib", "lib32", "lib64", "sbin")


class SandboxUnavailable(RuntimeError):
    """No sandbox can be made here; grading untrusted code must stop."""


def python_dirs() -> list[Path]:
    """The interpreter's installation and the virtual environment, resolved."""
    dirs = {Path(sys.base_prefix).resolve(), Path(sys.prefix).resolve()}
    dirs.add(Path(sys.executable).resolve().parent.parent)
    return sorted(dirs)


def _ancestors(paths: Sequence[Path]) -> list[Path]:
    found: set[Path] = set()
    for path in paths:
        found.update(p for p in path.parents if p != Path("/"))
    return sorted(found, key=lambda p: len(p.parts))


def bwrap_command(
    command: Sequence[str],
    *,
    uid: int,
    limits: Limits,
    read_only: Sequence[tuple[Path, Path]] = (),
    writable: Sequence[tuple[Path, Path]] = (),
    env: dict[str, str] | None = None,
    seccomp_fd: int | None = None,
) -> list[str]:
    """`command` run in a sandbox; binds are (outside, inside) pairs.

    `writable` binds are for what must be reached from outside, such as a Unix socket's folder.
    `seccomp_fd` holds the filter that refuses new user namespaces (`seccomp.filter_fd`).
    """
    bwrap = shutil.which("bwrap") or "bwrap"
    binds = [(p, p) for p in python_dirs()] + list(read_only)
    insides = [inside for _, inside in [*binds, *writable]]
    args = [
        bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
        "--unshare-cgroup-try", "--die-with-parent", "--new-session",
        "--proc", "/proc", "--dev", "/dev",
        # The one writable place of its own, in memory and bounded; /tmp is not writable.
        "--perms", "1777", "--size", str(limits.scratch_bytes), "--tmpfs", str(SCRATCH),
    ]  # fmt: skip
    for name in USR_LINKS:
        if Path("/usr", name).exists():
            args += ["--symlink", f"usr/{name}", f"/{name}"]
    for system in SYSTEM_DIRS:
        args += ["--ro-bind-try", system, system]
    for folder in _ancestors(insides):
        if not any(folder == Path(s) or Path(s) in folder.parents for s in SYSTEM_DIRS):
            args += ["--perms", "0755", "--dir", str(folder)]
    for outside, inside in binds:
        args += ["--ro-bind", str(outside), str(inside)]
    for outside, inside in writable:
        args += ["--bind", str(outside), str(inside)]
    if seccomp_fd is not None:
        args += ["--seccomp", str(seccomp_fd)]
    args += ["--chdir", str(SCRATCH), "--clearenv"]
    base = {"HOME": str(SCRATCH), "TMPDIR": str(SCRATCH), "PATH": "/usr/bin:/bin"}
    for key, value in {**base, **(env or {})}.items():
        args += ["--setenv", key, value]
    args += [
        "--", "setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups",
        "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs",
        "--", "prlimit", *limits.prlimit_args(), "--", *command,
    ]  # fmt: skip
    return args


@cache
def sandbox_problem() -> str | None:
    """Why no sandbox can be made here, or None when one can."""
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (apt-get install -y bubblewrap)"
    for tool in ("setpriv", "prlimit"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (it comes with util-linux)"
    if os.geteuid() != 0:
        return (
            "the sandbox must be made as root: it runs each submission under a uid of its own, "
            "so that limits on processes hold"
        )
    if seccomp.native_abi() is None:
        return (
            f"the filter that refuses new user namespaces knows no {platform.machine()} system "
            f"calls (only {', '.join(seccomp.ABIS)})"
        )
    fd = seccomp.filter_fd()
    probe = bwrap_command(["/bin/sh", "-c", "exit 0"], uid=65534, limits=Limits(), seccomp_fd=fd)
    try:
        done = subprocess.run(  # noqa: S603 - our own command
            probe, capture_output=True, text=True, timeout=20, check=False, pass_fds=[fd]
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"bubblewrap could not start: {error}"
    finally:
        os.close(fd)
    if done.returncode != 0:
        return f"bubblewrap could not make a sandbox here: {done.stderr.strip()}"
    return None


def sandbox_available() -> bool:
    return sandbox_problem() is None


def require_sandbox() -> None:
    """Raise SandboxUnavailable, saying why and what to do, when no sandbox can be made."""
    problem = sandbox_problem()
    if problem is not None:
        raise SandboxUnavailable(
            f"cannot sandbox learners' code: {problem}. Grading untrusted submissions without a "
            "sandbox is unsafe; for trusted code only, pass --no-sandbox."
        )
