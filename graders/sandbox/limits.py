"""What a sandboxed command may use: CPU, memory, processes, files, output and time."""

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    cpu_seconds: int = 30  # per process (RLIMIT_CPU)
    memory_bytes: int = 1024 * MIB  # address space per process (RLIMIT_AS)
    processes: int = 96  # processes and threads of the sandbox's own uid (RLIMIT_NPROC)
    file_bytes: int = 16 * MIB  # largest file written, output included (RLIMIT_FSIZE)
    scratch_bytes: int = 64 * MIB  # size of the scratch folder, a tmpfs
    open_files: int = 256  # RLIMIT_NOFILE
    output_bytes: int = 256 * 1024  # of stdout and stderr, what the grader keeps
    wall_seconds: float = 60.0  # the whole sandbox is killed after this

    def prlimit_args(self) -> list[str]:
        """The `prlimit` options that set these limits (soft = hard: none can be raised)."""
        return [
            f"--cpu={self.cpu_seconds}",
            f"--as={self.memory_bytes}",
            f"--nproc={self.processes}",
            f"--fsize={self.file_bytes}",
            f"--nofile={self.open_files}",
            "--core=0",
        ]
