"""What a sandboxed command may use: CPU, memory, processes, files, output and time."""

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    cpu_seconds: int = 30  # per process (RLIMIT_CPU): SIGXCPU then, SIGKILL a second later
    memory_bytes: int = 1024 * MIB  # address space per process (RLIMIT_AS)
    group_memory_bytes: int = 512 * MIB  # memory of all its processes together (a cgroup)
    processes: int = 96  # processes and threads of its own uid (RLIMIT_NPROC, and a cgroup)
    file_bytes: int = 16 * MIB  # largest file written, output included (RLIMIT_FSIZE)
    scratch_bytes: int = 64 * MIB  # size of the scratch folder, a tmpfs
    open_files: int = 256  # RLIMIT_NOFILE
    output_bytes: int = 256 * 1024  # of stdout and stderr, what the grader keeps
    wall_seconds: float = 60.0  # the whole sandbox is killed after this

    def prlimit_args(self) -> list[str]:
        """The `prlimit` options that set these limits (hard ones: none can be raised)."""
        return [
            f"--cpu={self.cpu_seconds}:{self.cpu_seconds + 1}",  # SIGXCPU says why it ended
            f"--as={self.memory_bytes}",
            f"--nproc={self.processes}",
            f"--fsize={self.file_bytes}",
            f"--nofile={self.open_files}",
            "--core=0",
        ]
