"""The grading kernel, started in the sandbox and reached over IPC sockets.

The sandbox has a network of its own, so nbgrader cannot reach the kernel over TCP: the kernel
binds ZMQ `ipc` sockets in a folder of its own, bound writable (at the same path) into its
sandbox, where it also reads its connection file. Once the sockets are bound, the folder is taken
back, so that the kernel cannot swap a socket for one the grader would then connect to. The rest
is the sandbox's: a uid of its own, no network, a read-only file system without the course's
files, rlimits, a control group and a wall clock. nbgrader stays in the grader's process.
"""

import asyncio
import importlib.util
import os
import shutil
import signal
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import zmq
from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.local_provisioner import LocalProvisioner

from graders.sandbox import Finished, Limits, Running
from graders.sandbox.bubblewrap import python_dirs

MIB = 1024 * 1024
# One kernel runs a whole notebook, so these bound all of its cells together; the per-cell
# timeout interrupts a loop long before the CPU limit, and the clock ends a kernel that ignores it.
KERNEL_LIMITS = Limits(
    cpu_seconds=300,
    memory_bytes=2048 * MIB,
    group_memory_bytes=768 * MIB,
    wall_seconds=600,
)
# What the notebooks import from this repository; the rest (the graders, the labs' hidden checks)
# stays out of the sandbox.
SHARED_PACKAGES = ("reference_app",)
SOCKETS = 5  # shell, iopub, stdin, control, heartbeat
MAX_MESSAGE_BYTES = 64 * MIB  # one message from the kernel: a large plot is a few MiB
START_SECONDS = 60


def shared_package_dirs() -> list[Path]:
    """The shared packages' folders that the sandbox does not hold already (editable installs)."""
    python = python_dirs()
    folders: list[Path] = []
    for name in SHARED_PACKAGES:
        spec = importlib.util.find_spec(name)
        for location in (spec.submodule_search_locations or []) if spec else []:
            folder = Path(location).resolve()
            if not any(folder.is_relative_to(known) for known in python):
                folders.append(folder)
    return folders


def kernel_env() -> dict[str, str]:
    """The kernel's environment: nothing of the grader's, which may hold secrets."""
    env = {"PYTHONDONTWRITEBYTECODE": "1"}
    if "NBGRADER_EXECUTION" in os.environ:  # set by nbgrader for notebooks that want to know
        env["NBGRADER_EXECUTION"] = os.environ["NBGRADER_EXECUTION"]
    return env


class SandboxProvisioner(LocalProvisioner):
    """Starts a kernel in a sandbox of its own; ending the kernel ends all of the sandbox."""

    folder: Path | None = None  # the grader's: the sandbox's output log, and the sockets' folder
    running: Running | None = None
    ended: Finished | None = None

    @property
    def sockets(self) -> Path:
        assert self.folder is not None
        return self.folder / "ipc"

    async def pre_launch(self, **kwargs: Any) -> dict[str, Any]:
        """Give the kernel manager a folder of its own for IPC sockets and the connection file."""
        manager = self.parent
        assert manager is not None
        self.folder = _make_folder()
        manager.transport = "ipc"
        manager.connection_file = str(self.sockets / "kernel.json")
        manager.ip = str(self.sockets / "kernel")
        launch: dict[str, Any] = await super().pre_launch(**kwargs)
        # Written for root alone, but read by the sandbox's uid; no one else can reach it, as
        # the folder above is root's alone (mode 0700).
        os.chmod(manager.connection_file, 0o644)
        return launch

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        """Start `cmd` in the sandbox; the working directory nbgrader asks for is not in it."""
        assert self.folder is not None
        self.running = Running(
            cmd,
            folder=self.folder,
            limits=KERNEL_LIMITS,
            read_only=[(folder, folder) for folder in shared_package_dirs()],
            writable=[(self.sockets, self.sockets)],
            env=kernel_env(),
        )
        self.process = self.running.process
        self.pid = self.pgid = self.process.pid  # the sandbox leads a process group of its own
        return self.connection_info

    async def post_launch(self, **kwargs: Any) -> None:
        """Once the kernel has bound its sockets, take their folder back from it.

        The kernel may still look at its connection file as it starts: the folder stays
        readable, but nothing in it can be added, removed or renamed any more.
        """
        await super().post_launch(**kwargs)
        assert self.running is not None
        deadline = time.monotonic() + START_SECONDS
        while _bound(self.sockets) < SOCKETS:
            if not self.running.alive() or time.monotonic() > deadline:
                output = self.running.finished().output[-2000:]
                raise RuntimeError(f"the sandboxed kernel did not start:\n{output}")
            await asyncio.sleep(0.02)
        os.chown(self.sockets, 0, self.running.uid)  # the sandbox's gid is its uid
        os.chmod(self.sockets, 0o750)  # noqa: S103 - for the sandbox to reach its connection file

    async def send_signal(self, signum: int) -> None:
        """A signal would reach bubblewrap, not the kernel: those that end it end the sandbox."""
        if signum in (signal.SIGKILL, signal.SIGTERM):
            self._stop()

    async def kill(self, restart: bool = False) -> None:
        self._stop()

    async def terminate(self, restart: bool = False) -> None:
        self._stop()

    async def cleanup(self, restart: bool = False) -> None:
        """End the sandbox, say how it ended if that was not by the kernel's own shutdown."""
        self._stop()
        if self.folder is not None:  # jupyter_client may clean up twice
            if self.ended is not None and self.ended.returncode != 0:
                self.log.warning(
                    "The sandboxed kernel ended: %s. It printed:\n%s",
                    self.why_it_ended(),
                    self.ended.output[-2000:],
                )
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None
        await super().cleanup(restart=restart)

    def _stop(self) -> None:
        """Kill the sandbox and all in it: no process of its uid is left afterwards."""
        if self.running is not None and self.ended is None:
            self.running.stop()
            self.ended = self.running.finished()

    def why_it_ended(self) -> str:
        """How the kernel's sandbox ended, in words for the learner."""
        self._stop()
        ended = self.ended
        if ended is None:
            return "it did not start"
        if ended.timed_out:
            return f"the notebook ran out of time ({KERNEL_LIMITS.wall_seconds:.0f} s in all)"
        if ended.out_of_memory:
            return "it used more memory than allowed"
        if ended.signal == "SIGXCPU":
            return "its CPU time ran out"
        if ended.signal is not None:
            return f"it was killed ({ended.signal})"
        return f"it exited (code {ended.returncode})"


def _make_folder() -> Path:
    """A folder for root alone, and in it `ipc/`, the folder the sandbox will share."""
    folder = Path(tempfile.mkdtemp(prefix="course-kernel-")).resolve()
    (folder / "ipc").mkdir()
    return folder


def _bound(sockets: Path) -> int:
    """How many sockets the kernel has bound in the folder."""
    return len(list(sockets.glob("kernel-*")))


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager whose kernels start in the sandbox (see SandboxProvisioner)."""

    @property
    def kernel_spec(self) -> KernelSpec | None:
        spec = super().kernel_spec
        if spec is not None:
            # The kernel interrupts itself when asked on its control socket: a SIGINT from
            # outside would reach bubblewrap instead.
            spec.interrupt_mode = "message"
        return spec

    def client(self, **kwargs: Any) -> Any:
        """A client whose sockets refuse any message over MAX_MESSAGE_BYTES from the kernel."""
        client = super().client(**kwargs)
        # Set before its channels make their sockets; a larger message drops the connection.
        client.context.setsockopt(zmq.MAXMSGSIZE, MAX_MESSAGE_BYTES)
        return client

    async def _async_pre_start_kernel(self, **kw: Any) -> tuple[list[str], dict[str, Any]]:
        # jupyter_client picks a provisioner from the kernelspec, by entry point, unless one is
        # set already: ours needs no kernelspec and no installed entry point.
        if self.provisioner is None:
            self.kernel_id = self.kernel_id or kw.pop("kernel_id", None) or str(uuid.uuid4())
            self.provisioner = SandboxProvisioner(
                kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
            )
        return await super()._async_pre_start_kernel(**kw)
