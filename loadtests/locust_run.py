"""One Locust run against one server, in a process of its own, read back from Locust's CSV files.

Locust patches the standard library with gevent as it starts, so it never runs inside the
`course` process (nor pytest's, nor nbgrader's): it is a child process, pinned to a CPU of its
own when there is one, and its figures come back through `--csv`.
"""

import csv
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loadtests.machine import Sampler, Usage
from loadtests.serve import HOST, free_port

STOP_GRACE_SECONDS = 5  # for the users' last requests, then Locust stops them
PERCENTILES = ("50%", "95%", "99%")


@dataclass(frozen=True, slots=True)
class LoadShape:
    """How much load: users (closed loop: each sends its next request after the last answer and
    its think time), how fast they arrive, for how long."""

    users: int = 20
    spawn_rate: float = 20.0
    seconds: int = 20
    think_time: float = 0.0
    workers: int = 0  # 0: Locust in one process; N: a master and N worker processes
    # Measure from when every user has started (the ramp left out); False counts the ramp too.
    warm_up: bool = True


@dataclass(frozen=True, slots=True)
class Endpoint:
    name: str  # "GET /api/articles/[slug]"; "Aggregated" for all requests
    requests: int
    failures: int
    rps: float
    p50: float  # milliseconds
    p95: float
    p99: float

    @property
    def failure_ratio(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclass(slots=True)
class Measurement:
    """What one run measured of one server."""

    target: str  # "yours" or "reference"
    url: str
    endpoints: list[Endpoint]
    total: Endpoint
    usage: Usage
    history: list[dict[str, float]] = field(default_factory=list)  # aggregated, once a second
    failures: list[dict[str, str]] = field(default_factory=list)  # endpoint, error, occurrences
    exceptions: list[str] = field(default_factory=list)  # raised by the scenario's own code
    exit_code: int = 0
    log_tail: str = ""


def locust_command(
    locustfile: Path,
    url: str,
    shape: LoadShape,
    csv_prefix: Path,
    manifest: Path | None,
    *,
    cpus: str | None = None,
    web_port: int | None = None,
    master_port: int | None = None,
    worker: bool = False,
) -> list[str]:
    """The command that runs a scenario: headless into CSV files, or with the web UI on a port.

    With `master_port`, the headless run is a master waiting for `shape.workers` workers on that
    port, and `worker` makes the command one of them (its users and figures are the master's).
    """
    command = [
        *(["taskset", "-c", cpus] if cpus else []),
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(locustfile),
        "--host",
        url,
        "--think-time",
        str(shape.think_time),
        "--loglevel",
        "WARNING",
    ]
    if manifest is not None:
        command += ["--manifest", str(manifest)]
    if worker:
        # --reset-stats on the workers too, or they send the ramp's figures to the master.
        return [
            *command, "--worker", "--master-host", HOST, "--master-port", str(master_port),
            *(["--reset-stats"] if shape.warm_up else []),
        ]  # fmt: skip
    if master_port is not None:
        command += [
            *("--master", "--master-bind-host", HOST, "--master-bind-port", str(master_port)),
            *("--expect-workers", str(shape.workers), "--expect-workers-max-wait", "60"),
        ]
    if web_port is not None:
        return [
            *command,
            "--web-host",
            "127.0.0.1",
            "--web-port",
            str(web_port),
            "--users",
            str(shape.users),
            "--spawn-rate",
            str(shape.spawn_rate),
        ]
    return [
        *command,
        "--headless",
        "--users",
        str(shape.users),
        "--spawn-rate",
        str(shape.spawn_rate),
        "--run-time",
        f"{shape.seconds}s",
        "--stop-timeout",
        str(STOP_GRACE_SECONDS),
        "--csv",
        str(csv_prefix),
        "--csv-full-history",
        *(["--reset-stats"] if shape.warm_up else []),
        "--only-summary",
        "--exit-code-on-error",
        "0",
    ]


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:  # "N/A" before the first request
        return 0.0


def _endpoint(row: dict[str, str]) -> Endpoint:
    name = row["Name"] if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
    return Endpoint(
        name,
        int(row["Request Count"]),
        int(row["Failure Count"]),
        _number(row["Requests/s"]),
        *(_number(row[point]) for point in PERCENTILES),
    )


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="") as file:
        return list(csv.DictReader(file))


def _where(traceback: str) -> str:
    """The innermost `File ..., line N, in f` of a traceback."""
    places = [line.strip() for line in traceback.splitlines() if line.strip().startswith("File")]
    return places[-1] if places else "no traceback"


def read_measurement(
    target: str, url: str, csv_prefix: Path, usage: Usage, exit_code: int = 0, log_tail: str = ""
) -> Measurement:
    """A run's figures from Locust's CSV files (`PREFIX_stats.csv` and the others)."""
    stats = [_endpoint(row) for row in _rows(Path(f"{csv_prefix}_stats.csv"))]
    totals = [each for each in stats if each.name == "Aggregated"]
    total = totals[0] if totals else Endpoint("Aggregated", 0, 0, 0.0, 0.0, 0.0, 0.0)
    history = [
        {
            "t": _number(row["Timestamp"]),
            "users": _number(row["User Count"]),
            "rps": _number(row["Requests/s"]),
            "failures/s": _number(row["Failures/s"]),
            **{point: _number(row[point]) for point in PERCENTILES},
        }
        for row in _rows(Path(f"{csv_prefix}_stats_history.csv"))
        if row["Name"] == "Aggregated"
    ]
    failures = [
        {
            "endpoint": f"{row['Method']} {row['Name']}",
            "error": row["Error"],
            "occurrences": row["Occurrences"],
        }
        for row in _rows(Path(f"{csv_prefix}_failures.csv"))
    ]
    exceptions = [
        f"{row['Count']}x {row['Message']} ({_where(row['Traceback'])})"
        for row in _rows(Path(f"{csv_prefix}_exceptions.csv"))
    ]
    endpoints = [each for each in stats if each.name != "Aggregated"]
    return Measurement(
        target, url, endpoints, total, usage, history, failures, exceptions, exit_code, log_tail
    )


def run_locust(
    target: str,
    locustfile: Path,
    url: str,
    shape: LoadShape,
    folder: Path,
    *,
    manifest: Path | None = None,
    server_pid: int | Sequence[int] | None = None,
    generator_cpus: str | None = None,
    watched_cpus: list[int] | None = None,
    address_space_bytes: int | None = None,
) -> Measurement:
    """Run the scenario headless against `url` (with `shape.workers` workers, if any),
    watching the machine meanwhile.

    With `address_space_bytes`, each Locust process may map no more: a server that answers
    without end (a learner's, when grading) ends Locust's run, not the machine's memory.
    """
    # Locust runs in `folder`: every path it is given must not depend on our working directory.
    folder, locustfile = folder.resolve(), locustfile.resolve()
    manifest = manifest.resolve() if manifest else None
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / target
    log = folder / f"{target}-locust.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCUST_")}
    port = free_port() if shape.workers else None
    commands = [
        locust_command(
            locustfile, url, shape, prefix, manifest, cpus=generator_cpus, master_port=port
        ),
        *[
            locust_command(
                locustfile, url, shape, prefix, manifest, cpus=generator_cpus,
                master_port=port, worker=True,
            )
            for _ in range(shape.workers)
        ],
    ]  # fmt: skip
    if address_space_bytes is not None:
        limit = ["prlimit", f"--as={address_space_bytes}", "--"]
        commands = [[*limit, *command] for command in commands]
    with log.open("wb") as output:
        # An empty folder as working directory: Locust would read a locust.conf found there.
        processes = [
            subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, cwd=folder, stdout=output, stderr=subprocess.STDOUT, env=env
            )
            for command in commands
        ]
        cpus = watched_cpus or sorted(os.sched_getaffinity(0))
        try:
            with Sampler([each.pid for each in processes], server_pid, cpus) as sampler:
                ended = [_reap(each) for each in processes]  # the master first: it ends the run
                usage = sampler.usage([spent for _, spent in ended])
        except BaseException:
            for each in processes:
                each.kill()
                each.wait()
            raise
    exit_code = ended[0][0]
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    return read_measurement(target, url, prefix, usage, exit_code, tail)


def _reap(process: subprocess.Popen[bytes]) -> tuple[int, float]:
    """Wait for a process to end: its exit code and the CPU seconds it used (`os.wait4`)."""
    _, status, rusage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)  # wait4 reaped it
    return process.returncode, rusage.ru_utime + rusage.ru_stime
