"""Run a command in the sandbox: captured, bounded output, and a wall clock that ends it all."""

import contextlib
import os
import secrets
import signal
import subprocess
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import psutil

from graders.sandbox import seccomp
from graders.sandbox.bubblewrap import SCRATCH, bwrap_command, require_sandbox
from graders.sandbox.cgroups import Cgroup, group_name, parents
from graders.sandbox.limits import Limits
from graders.sandbox.output import Output

# Sandboxes run under uids no account uses, one each, picked at random.
FIRST_UID, LAST_UID = 200_000, 2_000_000_000
READER_SECONDS = 5  # for the output's last bytes, once the command has ended


@dataclass(frozen=True, slots=True)
class Finished:
    """How a sandboxed command ended, and what it printed (at most `output_bytes` of it)."""

    returncode: int | None
    output: str
    truncated: bool
    timed_out: bool
    seconds: float
    out_of_memory: bool = False  # killed for the memory of all its processes together

    @property
    def signal(self) -> str | None:
        """The signal that ended it (SIGKILL, SIGXCPU, ...), if one did."""
        code = self.returncode
        if code is not None and code > 128:  # bubblewrap reports its command's signal so
            code = 128 - code
        if code is None or code >= 0:
            return None
        return signal.Signals(-code).name


class Running:
    """A command started in a sandbox; stop it (or leave the `with` block) to end it."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        folder: Path,
        limits: Limits,
        read_only: Sequence[tuple[Path, Path]] = (),
        writable: Sequence[tuple[Path, Path]] = (),
        env: dict[str, str] | None = None,
        pass_fds: Sequence[int] = (),
        trusted: bool = False,
    ) -> None:
        if not trusted:
            require_sandbox()  # before anything is made for it
        self.limits = limits
        self.trusted = trusted
        self.uid = os.getuid() if trusted else FIRST_UID + secrets.randbelow(LAST_UID - FIRST_UID)
        for outside, _ in writable:
            if not trusted:
                os.chown(outside, self.uid, self.uid)
        self.cgroup = self._cgroup()
        self._started = time.monotonic()
        self._timed_out = threading.Event()
        self._out_of_memory = False
        self._stopping = threading.Lock()
        # Its output goes to a pipe the grader reads, never to a file: a file it could
        # truncate or rewrite through its descriptor, erasing what it printed.
        reader, writer = os.pipe()
        filter_fd = None if trusted else seccomp.filter_fd()
        fds = [*pass_fds, *([] if filter_fd is None else [filter_fd])]
        try:
            self.process = subprocess.Popen(  # noqa: S603 - the command is ours, walled in
                self._command(command, read_only, writable, env, filter_fd),
                stdin=subprocess.DEVNULL,
                stdout=writer,
                stderr=subprocess.STDOUT,
                process_group=0,
                pass_fds=tuple(fds),
                cwd=folder,
                env=None if not trusted else _trusted_env(folder, env),
            )
        except BaseException:
            os.close(reader)
            if self.cgroup is not None:
                self.cgroup.remove()
            raise
        finally:
            os.close(writer)
            if filter_fd is not None:
                os.close(filter_fd)
        self.output = Output(reader, kept=limits.output_bytes, drained=limits.file_bytes)
        self._timer = threading.Timer(limits.wall_seconds, self._time_out)
        self._timer.daemon = True
        self._timer.start()

    def _cgroup(self) -> Cgroup | None:
        if self.trusted or not parents():
            return None
        return Cgroup(
            group_name(self.uid),
            memory_bytes=self.limits.group_memory_bytes,
            processes=self.limits.processes,
        )

    def _command(
        self,
        command: Sequence[str],
        read_only: Sequence[tuple[Path, Path]],
        writable: Sequence[tuple[Path, Path]],
        env: dict[str, str] | None,
        filter_fd: int | None,
    ) -> list[str]:
        if self.trusted:
            # Trusted code only: the same limits, but the file system and network are open.
            return ["prlimit", *self.limits.prlimit_args(), "--", *command]
        require_sandbox()
        enter = self.cgroup.enter() if self.cgroup else []
        return enter + bwrap_command(
            command,
            uid=self.uid,
            limits=self.limits,
            read_only=read_only,
            writable=writable,
            env=env,
            seccomp_fd=filter_fd,
        )

    def restart_clock(self, seconds: float) -> None:
        """Give the sandbox `seconds` more from now, instead of what was left of its limit."""
        self._timer.cancel()
        self._timer = threading.Timer(seconds, self._time_out)
        self._timer.daemon = True
        self._timer.start()

    def _time_out(self) -> None:
        self._timed_out.set()
        self.stop()

    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        """Kill the sandbox and every process in it (from any thread, as often as wished)."""
        with self._stopping:
            self._timer.cancel()
            if self.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
            if self.cgroup is not None:
                self._out_of_memory = self.cgroup.out_of_memory()
                self.cgroup.remove()
                self.cgroup = None
            if not self.trusted:
                _kill_uid(self.uid)
            self.output.wait(READER_SECONDS)  # the end of the pipe, now that its writers are gone
            self.output.close()

    def wait(self, timeout: float | None = None) -> Finished:
        """Wait for the command to end (at most its wall-clock limit), then clean up."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout)
        self.stop()
        return self.finished()

    def finished(self) -> Finished:
        """How it ended, once it has; what it printed up to now otherwise."""
        if self.process.poll() is not None:
            # What its children still print is read until they are stopped too.
            self.output.wait(READER_SECONDS)
        kept, total = self.output.taken()
        return Finished(
            returncode=self.process.returncode,
            output=kept.decode(errors="replace"),
            truncated=total > self.limits.output_bytes,
            timed_out=self._timed_out.is_set(),
            seconds=time.monotonic() - self._started,
            out_of_memory=self._out_of_memory,
        )

    @property
    def inside_scratch(self) -> Path:
        return SCRATCH

    def __enter__(self) -> "Running":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _trusted_env(folder: Path, env: dict[str, str] | None) -> dict[str, str]:
    return {"HOME": str(folder), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), **(env or {})}


def _kill_uid(uid: int, seconds: float = 10) -> None:
    """Kill whatever still runs under a sandbox's uid, until nothing does.

    Its pid namespace dies with bubblewrap, but the kernel takes a moment to kill a namespace
    full of forks, and none must be left behind when the grader moves on.
    """
    deadline = time.monotonic() + seconds
    while (left := processes_of(uid)) and time.monotonic() < deadline:
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        time.sleep(0.02)


def processes_of(uid: int) -> list[int]:
    """The pids running under `uid`: none, once a sandbox has stopped."""
    return [
        p.pid
        for p in psutil.process_iter(["uids"])
        if p.info.get("uids") is not None and uid in (p.info["uids"].real, p.info["uids"].effective)
    ]


def run(
    command: Sequence[str],
    *,
    folder: Path,
    limits: Limits | None = None,
    read_only: Sequence[tuple[Path, Path]] = (),
    writable: Sequence[tuple[Path, Path]] = (),
    env: dict[str, str] | None = None,
    trusted: bool = False,
) -> Finished:
    """Run `command` in a sandbox to its end (or its limits' end)."""
    chosen = limits or Limits()
    running = Running(
        command,
        folder=folder,
        limits=chosen,
        read_only=read_only,
        writable=writable,
        env=env,
        trusted=trusted,
    )
    return running.wait(chosen.wall_seconds + 1)
