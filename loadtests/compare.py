"""`course loadtest`: your server and the reference, one after the other in the same run, on
the same data, under the same lab scenario; then the verdict, as a table, JSON and HTML.

    verdict = compare_lab("02", workspace_app(Path("workspace")), Options(out=Path("results")))

Each server runs pinned to one CPU and Locust to another, when the machine has two; both
servers get a dataset drawn from the same seed and clock. By URL, the server is whoever is
there: it cannot be pinned or watched, and the scenarios check what they can without knowing
its data.
"""

import contextlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from loadtests.dataset import Size, load_manifest
from loadtests.html_report import render
from loadtests.labs import Budgets, Scenario, scenario_of
from loadtests.locust_run import LoadShape, Measurement, locust_command, run_locust
from loadtests.machine import pinning
from loadtests.targets import REFERENCE, App, serve_app
from loadtests.verdict import Verdict, judge

EXIT_CODES = {"pass": 0, "fail": 1, "invalid": 3}  # 2: it could not run
STOP_SECONDS = 10


@dataclass(frozen=True, slots=True)
class Options:
    out: Path
    shape: LoadShape = field(default_factory=LoadShape)
    size: Size = field(default_factory=Size)
    budgets: Budgets | None = None  # the scenario's own when None
    judge_machine: bool = True  # False: only for tests, which must not depend on the machine
    # Pin the server and Locust to CPUs of their own; tests run side by side do not, or each
    # would pin its Locust to the same CPU as the others'.
    pin: bool = True


@dataclass(slots=True)
class Report:
    verdict: Verdict
    runs: list[Measurement] = field(default_factory=list)
    json_path: Path | None = None
    html_path: Path | None = None


@contextlib.contextmanager
def _target(
    target: App | str, scenario: Scenario, now: datetime, options: Options, cpus: str | None
) -> Iterator[tuple[str, Path | None, int | None]]:
    """The URL, the manifest and the server's process id of a target (served if it is an app)."""
    if isinstance(target, str):
        yield target, None, None
        return
    with serve_app(
        target, now, size=options.size, cpus=cpus, bcrypt_rounds=scenario.bcrypt_rounds
    ) as served:
        yield served.server.url, served.manifest, served.server.pid


def compare_lab(lab: str, yours: App | str, options: Options) -> Report:
    """Load-test `yours` (an app to serve, or a URL) and then the reference under lab `lab`'s
    scenario; judge, and write `labNN.json` and `labNN.html` into `options.out`."""
    scenario = scenario_of(lab)
    pins = pinning(processes=1 + options.shape.workers) if options.pin else None
    server_cpus, generator_cpus = pins if pins else (None, None)
    watched = [int(cpu) for cpu in ",".join(pins).split(",")] if pins else None
    now = datetime.now(UTC)
    folder = options.out / f"lab{scenario.lab}"
    runs: list[Measurement] = []
    manifests = []
    for label, target in (("yours", yours), ("reference", REFERENCE)):
        with _target(target, scenario, now, options, server_cpus) as (url, manifest, pid):
            if isinstance(yours, str):
                manifest = None  # by URL yours has no known data: neither has the reference's
            manifests.append(load_manifest(manifest) if manifest else None)
            runs.append(
                run_locust(
                    label,
                    scenario.locustfile,
                    url,
                    options.shape,
                    folder,
                    manifest=manifest,
                    server_pid=pid,
                    generator_cpus=generator_cpus,
                    watched_cpus=watched,
                )
            )
    verdict = judge(
        scenario.lab,
        runs[0],
        runs[1],
        options.budgets or scenario.budgets,
        judge_machine=options.judge_machine,
    )
    if all(manifests) and manifests[0] != manifests[1]:
        verdict.invalid.append("the two servers' datasets differ: their runs cannot be compared")
        verdict.status = "fail" if verdict.status == "fail" else "invalid"
    if pins is None:
        verdict.notes.append("not pinned: the server and Locust shared the CPUs")
    report = Report(verdict, runs)
    report.json_path = options.out / f"lab{scenario.lab}.json"
    report.json_path.write_text(
        json.dumps(
            {
                "verdict": asdict(verdict),
                "runs": [asdict(run) for run in runs],
                "shape": asdict(options.shape),
                "size": asdict(options.size),
                "pinned": {"server": server_cpus, "generator": generator_cpus},
            },
            indent=1,
        )
        + "\n"
    )
    report.html_path = options.out / f"lab{scenario.lab}.html"
    report.html_path.write_text(render(verdict, runs[0], runs[1]))
    return report


def web_ui(lab: str, target: App | str, options: Options, port: int = 8089) -> int:
    """Serve `target` (or use the URL) and run the scenario with Locust's web UI until Ctrl-C."""
    import subprocess

    scenario = scenario_of(lab)
    out = options.out.resolve()  # Locust runs there: its paths must not be relative
    with _target(target, scenario, datetime.now(UTC), options, None) as (url, manifest, _):
        manifest = manifest.resolve() if manifest else None
        command = locust_command(
            scenario.locustfile, url, options.shape, out, manifest, web_port=port
        )
        print(f"Locust's web UI on http://127.0.0.1:{port}, load-testing {url}; Ctrl-C stops.")
        out.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(command, cwd=out)  # noqa: S603 - our own command
        try:
            return process.wait()
        except KeyboardInterrupt:
            # Locust's web UI outlives a Ctrl-C; SIGTERM ends it cleanly.
            process.terminate()
            try:
                return process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                return process.wait()


def _ms(value: float) -> str:
    return f"{value:.0f}"


def show(report: Report, console: Console) -> None:
    """The verdict as a table: per endpoint, yours / the reference's / their ratio."""
    verdict = report.verdict
    table = Table(title=f"Load test of lab {verdict.lab}: yours / reference (ratio)")
    for column in ("endpoint", "req/s", "p50 ms", "p95 ms", "p99 ms", "failed"):
        table.add_column(
            column, justify="left" if column == "endpoint" else "right", overflow="fold"
        )
    for row in [*verdict.rows, verdict.total]:
        mine, ref = row.yours, row.reference

        def pair(attr: str, ratio: float | None = None, fmt: str = "{:.0f}") -> str:
            a = fmt.format(getattr(mine, attr)) if mine else "-"  # noqa: B023 - used at once
            b = fmt.format(getattr(ref, attr)) if ref else "-"  # noqa: B023
            return f"{a} / {b}" + (f" ({ratio:.2f})" if ratio is not None else "")

        failed = f"{mine.failures}/{mine.requests}" if mine else "-"
        style = "red" if row.problems else ""
        table.add_row(
            escape(row.endpoint),
            pair("rps", row.rps_ratio, "{:.1f}"),
            pair("p50"),
            pair("p95", row.p95_ratio),
            pair("p99"),
            failed,
            style=style,
        )
    console.print(table)
    colour = {"pass": "green", "fail": "red", "invalid": "yellow"}[verdict.status]
    for title, items in (
        ("Budgets missed", verdict.problems),
        ("Not to be trusted", verdict.invalid),
        ("Notes", verdict.notes),
    ):
        for item in items:
            console.print(f"{title}: {item}", markup=False, soft_wrap=True)
    for failure in report.runs[0].failures[:5] if report.runs else []:
        console.print(
            f"Failed: {failure['endpoint']}: {failure['error']} (x{failure['occurrences']})",
            markup=False,
            soft_wrap=True,
        )
    console.print(
        f"Lab {verdict.lab}: [{colour}]{verdict.status}[/{colour}]   "
        f"report: {report.html_path}   figures: {report.json_path}"
    )


def run_labs(labs: list[str], yours: App | str, options: Options, console: Console) -> int:
    """Load-test each lab in turn and show its verdict; the exit status of the worst of them:
    1 when one failed, 3 when none failed but one's figures were not to be trusted, else 0."""
    worst = 0
    for lab in labs:
        scenario = scenario_of(lab)
        console.print(f"Lab {scenario.lab}: {scenario.what}; yours first, then the reference's.")
        report = compare_lab(lab, yours, options)
        show(report, console)
        code = EXIT_CODES[report.verdict.status]
        worst = code if worst == 0 or code == EXIT_CODES["fail"] else worst
    return worst
