"""The load test as part of a grade: each learner's app, then the reference, under the lab's
Locust scenario, judged against the lab's budgets (`loadtests/labs`), for the points its
`lab.toml` gives (`[loadtest] points`).

Each app runs in a sandbox of its own exactly as for its checks, on the same dataset drawn into
its own tables inside the sandbox, with the same limits, reached through a relay of its own
(`relay.py`): the reference is served the same way, so that the only difference measured is the
code. The reference is measured once per batch, after every learner's checks have run and
before the first learner's load test, on a machine no longer busy grading: one load test runs at
a time.

A run the machine spoiled (its figures "invalid": the generator saturated, others took the CPU)
judges correctness only: a correct learner does not lose the points to a busy machine, and the
grade says that speed was not judged, so that the instructor can regrade them on a quieter one.
"""

import contextlib
import dataclasses
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graders.labs.database_folder import release_database_folder
from graders.labs.server import SERVER_LIMITS, Dataset, start_server
from graders.sandbox import Limits
from labs.engine.catalog import Lab
from labs.engine.results import CheckResult
from labs.engine.starter import Sources
from labs.engine.workspace import reference_sources, to_workspace
from loadtests.dataset import MANIFEST_FILE, Size
from loadtests.labs import Scenario, scenario_of
from loadtests.locust_run import LoadShape, Measurement, run_locust
from loadtests.machine import pinning
from loadtests.verdict import Verdict, judge

CHECK_ID = "load_test"
# Shorter than `course loadtest`'s default: a class is many runs. Long enough for a few hundred
# requests an endpoint at the reference's speed, which is what the budgets need to judge.
GRADING_SHAPE = LoadShape(users=10, spawn_rate=10.0, seconds=10)
GRADING_SIZE = Size()
# The app's wall clock for its load test: start, the ramp, the run, Locust's stop, and margin.
EXTRA_WALL_SECONDS = 60
# What Locust may map: it reads every answer whole, and an app may answer without end.
LOCUST_ADDRESS_SPACE = 4 * 1024**3


@dataclass
class LoadTestGrade:
    """What one learner's load test measured, beside the reference's, and its verdict."""

    status: str  # "pass", "fail", "invalid" (speed not judged) or "error" (it could not run)
    rps: float = 0.0
    reference_rps: float = 0.0
    throughput_ratio: float | None = None  # of the reference's requests per second
    worst_p95_ratio: float | None = None  # the highest, over endpoints, of p95 / reference's
    failures: int = 0
    requests: int = 0
    problems: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    error: str = ""


@dataclass(frozen=True, slots=True)
class Measured:
    """The reference's run, measured once for the whole batch."""

    run: Measurement
    manifest: Path


class LoadTestFailed(RuntimeError):
    """The app could not be load-tested (it did not start, or Locust could not run)."""


def reference_workspace() -> Sources:
    return {path: to_workspace(text) for path, text in reference_sources().items()}


@contextlib.contextmanager
def _relay_to(socket_path: Path, cpus: str | None) -> Iterator[tuple[str, int]]:
    """A loopback port forwarded to the app's socket: its URL and the relay's process id."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind(("127.0.0.1", 0))
    listening.listen(256)
    port = listening.getsockname()[1]
    with listening:
        relay = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                *(["taskset", "-c", cpus] if cpus else []),
                sys.executable,
                "-m",
                "graders.labs.relay",
                str(listening.fileno()),
                str(socket_path),
            ],
            pass_fds=[listening.fileno()],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    try:
        yield f"http://127.0.0.1:{port}", relay.pid
    finally:
        relay.kill()
        relay.wait()


@contextlib.contextmanager
def _pinned_children(cpus: str | None) -> Iterator[None]:
    """Processes started in this block (the sandbox and its app) run on `cpus` only.

    The affinity is the calling thread's, and a child inherits it; it is put back after.
    """
    if not cpus:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {int(cpu) for cpu in cpus.split(",")})
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def measure(
    label: str,
    sources: Sources,
    scenario: Scenario,
    out: Path,
    *,
    now: datetime,
    shape: LoadShape = GRADING_SHAPE,
    size: Size = GRADING_SIZE,
    limits: Limits = SERVER_LIMITS,
    trusted: bool = False,
    manifest: Path | None = None,
) -> tuple[Measurement, Path]:
    """Serve `sources` in a sandbox on the dataset and run the scenario against it: the run,
    and the dataset's manifest (the given one, or, when none is given, the one this app wrote).

    Raises LoadTestFailed when the app does not start or no request could be measured.
    """
    pins = pinning()
    server_cpus, generator_cpus = pins if pins else (None, None)
    watched = [int(cpu) for cpu in ",".join(pins).split(",")] if pins else None
    wall = shape.seconds + EXTRA_WALL_SECONDS
    scratch = Path(tempfile.mkdtemp(prefix=f"loadtest-{label}-"))
    dataset = Dataset(dataclasses.asdict(size), now.isoformat())
    try:
        with _pinned_children(server_cpus):
            running, socket_path, _ = start_server(
                scratch,
                sources,
                limits=dataclasses.replace(limits, wall_seconds=wall),
                trusted=trusted,
                bcrypt_rounds=scenario.bcrypt_rounds,
                dataset=dataset,
            )
        try:
            own = scratch / "data" / MANIFEST_FILE
            if manifest is None:
                # Only the reference's is read: it is our code. A learner's app is run on it.
                manifest = out / f"{label}-{MANIFEST_FILE}"
                shutil.copyfile(own, manifest)
            with _relay_to(socket_path, server_cpus) as (url, relay_pid):
                run = run_locust(
                    label,
                    scenario.locustfile,
                    url,
                    shape,
                    out,
                    manifest=manifest,
                    server_pid=[running.process.pid, relay_pid],
                    generator_cpus=generator_cpus,
                    watched_cpus=watched,
                    address_space_bytes=LOCUST_ADDRESS_SPACE,
                )
        finally:
            running.stop()
    except Exception as error:
        raise LoadTestFailed(f"the load test could not run: {error}") from error
    finally:
        release_database_folder(scratch)
        shutil.rmtree(scratch, ignore_errors=True)
    return run, manifest


def measure_reference(
    lab: Lab, out: Path, *, shape: LoadShape = GRADING_SHAPE, trusted: bool = False
) -> Measured:
    """The reference, served and measured as every learner's app will be."""
    out.mkdir(parents=True, exist_ok=True)
    run, manifest = measure(
        "reference",
        reference_workspace(),
        scenario_of(lab.number),
        out,
        now=datetime.now(UTC),
        shape=shape,
        trusted=trusted,
    )
    if not run.total.requests:
        raise LoadTestFailed(f"the reference answered no request:\n{run.log_tail}")
    return Measured(run, manifest)


def _worst_p95_ratio(verdict: Verdict) -> float | None:
    ratios = [row.p95_ratio for row in verdict.rows if row.p95_ratio is not None]
    return max(ratios) if ratios else None


def load_test(
    lab: Lab,
    sources: Sources,
    reference: Measured,
    out: Path,
    *,
    shape: LoadShape = GRADING_SHAPE,
    trusted: bool = False,
) -> LoadTestGrade:
    """One learner's load test, judged against the reference's run; never raises."""
    scenario = scenario_of(lab.number)
    try:
        run, _ = measure(
            "yours",
            sources,
            scenario,
            out,
            now=datetime.now(UTC),
            shape=shape,
            trusted=trusted,
            manifest=reference.manifest,
        )
    except LoadTestFailed as error:
        return LoadTestGrade("error", error=str(error))
    verdict = judge(lab.number, run, reference.run, scenario.budgets)
    return LoadTestGrade(
        verdict.status,
        rps=run.total.rps,
        reference_rps=reference.run.total.rps,
        throughput_ratio=verdict.total.rps_ratio,
        worst_p95_ratio=_worst_p95_ratio(verdict),
        failures=run.total.failures,
        requests=run.total.requests,
        problems=verdict.problems,
        invalid=verdict.invalid,
    )


def as_check(lab: Lab, result: LoadTestGrade) -> CheckResult:
    """The load test as one more check of the grade, worth the lab's load-test points."""
    passed = result.status in ("pass", "invalid")
    if result.status == "error":
        message = result.error
    elif result.problems:
        message = "; ".join(result.problems[:5])
    else:
        ratio = f"{result.throughput_ratio:.0%}" if result.throughput_ratio is not None else "?"
        message = (
            f"{result.requests} requests, {result.failures} failed; {result.rps:.0f} requests/s, "
            f"{ratio} of the reference's {result.reference_rps:.0f}"
        )
    if result.status == "invalid":
        message += (
            "; speed not judged, the machine could not measure it fairly ("
            + "; ".join(result.invalid[:2])
            + "): regrade this learner with --only on a quieter machine to judge it"
        )
    return CheckResult(
        lab=lab.number,
        id=CHECK_ID,
        title="holds up under load like the reference",
        task="Load test",
        points=lab.loadtest_points,
        hidden=False,
        status="passed" if passed else "failed",
        message=message,
        hint="run `course loadtest " + lab.number + "` to see the same run, with its report",
    )
