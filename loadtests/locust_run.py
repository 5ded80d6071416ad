"""One Locust run against one server, in a process of its own, read back from Locust's CSV files.

Locust patches the standard library with gevent as it starts, so it never runs inside the
`course` process (nor pytest's, nor nbgrader's): it is a child process, pinned to a CPU of its
own when there is one, and its figures come back through `--csv`.
"""

import csv
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from loadtests.machine import Sampler, Usage

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
) -> list[str]:
    """The command that runs a scenario: headless into CSV files, or with the web UI on a port."""
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
        "--reset-stats",
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
    server_pid: int | None = None,
    generator_cpus: str | None = None,
    watched_cpus: list[int] | None = None,
) -> Measurement:
    """Run the scenario headless against `url`, watching the machine meanwhile."""
    folder.mkdir(parents=True, exist_ok=True)
    prefix = folder / target
    log = folder / f"{target}-locust.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCUST_")}
    with log.open("wb") as output:
        # An empty folder as working directory: Locust would read a locust.conf found there.
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            locust_command(locustfile, url, shape, prefix, manifest, cpus=generator_cpus),
            cwd=folder,
            stdout=output,
            stderr=subprocess.STDOUT,
            env=env,
        )
        cpus = watched_cpus or sorted(os.sched_getaffinity(0))
        try:
            with Sampler(process.pid, server_pid, cpus) as sampler:
                _, status, rusage = os.wait4(process.pid, 0)
                usage = sampler.usage(rusage.ru_utime + rusage.ru_stime)
        except BaseException:
            process.kill()
            process.wait()
            raise
    process.returncode = os.waitstatus_to_exitcode(status)  # wait4 reaped it
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    return read_measurement(target, url, prefix, usage, process.returncode, tail)
