"""The `course` command: start labs, check them, serve your backend."""

import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from labs.engine.catalog import InstructorMaterialMissing, Lab, all_labs, get_lab
from labs.engine.regions import MarkerError
from labs.engine.results import CheckResult, RunResult, load
from labs.engine.runner import AppDoesNotImport, RunError, run_checks
from labs.engine.serving import DEFAULT_PORT, prepare_command, serve_command
from labs.engine.urls import url_problem
from labs.engine.workspace import Workspace, WorkspaceError, find_workspace, start_lab

DEFAULT_WORKSPACE = "workspace"
STYLES = {"passed": "green", "failed": "red", "skipped": "yellow", "n/a": "dim"}
console = Console(highlight=False)

workspace_option = click.option(
    "-w",
    "--workspace",
    "workspace_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_WORKSPACE,
    show_default=True,
    help="your workspace folder",
)


@click.group()
def main() -> None:
    """Rebuild the Conduit backend one lab at a time, and check your work."""


@main.command("labs")
@workspace_option
def list_labs(workspace_dir: Path) -> None:
    """The labs, with your progress."""
    workspace_dir = find_workspace(workspace_dir)
    workspace = Workspace(workspace_dir)
    started = workspace.started()
    table = Table(title=f"Labs (workspace: {workspace_dir})")
    for column in ("lab", "title", "points", "started", "last check"):
        table.add_column(column)
    for lab in all_labs().values():
        last = ""
        if workspace.result_file(lab.number).exists():
            last = f"{_public_score(workspace, lab.number)}/{lab.points}"
        table.add_row(
            lab.number, lab.title, str(lab.points), "yes" if lab.number in started else "", last
        )
    console.print(table)
    earned = sum(_public_score(workspace, n) for n in started if n in all_labs())
    possible = sum(all_labs()[n].points for n in started if n in all_labs())
    console.print(f"Progress over the labs you started: {earned}/{possible} points")


def _outside_edits(workspace: Workspace) -> list[str]:
    from graders.labs.splice import outside_edits

    return outside_edits(workspace.sources())


@contextmanager
def _warning_about_outside_edits(workspace: Workspace | None) -> Iterator[None]:
    """Grading takes only the code inside a lab's regions: say so, after the block, when there
    is more. The files are compared in a thread while the block runs the checks' process,
    which leaves this one waiting, instead of before that process starts."""
    if workspace is None:
        yield
        return
    found: list[list[str] | Exception] = []

    def compare() -> None:
        try:
            found.append(_outside_edits(workspace))
        except Exception as error:  # raised here, not lost in the thread
            found.append(error)

    # A bare thread: concurrent.futures costs more to import than this comparison to run.
    thread = threading.Thread(target=compare, daemon=True)
    thread.start()
    try:
        yield
    finally:
        thread.join()
        if isinstance(found[0], Exception):
            raise found[0]
        _warn_about(found[0])


def _warn_about(edited: list[str]) -> None:
    if edited:
        console.print(
            f"Note: you changed {', '.join(edited)} outside the marked regions. Grading uses "
            "only the code between a lab's `# --- lab NN` markers, so put your work there.",
            style="yellow",
            markup=False,
        )


def _public_score(workspace: Workspace, lab: str) -> int:
    """Points earned on a lab's public checks at its last check (hidden ones are not counted)."""
    if not workspace.result_file(lab).exists():
        return 0
    return sum(c.earned for c in load(workspace.result_file(lab)).of_lab(lab) if not c.hidden)


@main.group()
def lab() -> None:
    """Work on a lab."""


@lab.command("start")
@click.argument("number")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--reset", is_flag=True, help="stub out the lab again, erasing your code for it")
def lab_start(number: str, directory: Path | None, reset: bool) -> None:
    """Create a workspace for lab NUMBER in DIRECTORY, or add the lab to an existing one."""
    target = directory or Path(DEFAULT_WORKSPACE)
    chosen = _lab(number)
    try:
        start_lab(target, chosen, reset=reset)
    except (WorkspaceError, MarkerError) as error:
        raise click.ClickException(str(error)) from error
    console.print(f"Lab {chosen.number} ({chosen.title}) is ready in {target}/conduit.")
    console.print(f"Read {chosen.folder / 'README.md'}, then run: course check {chosen.number}")


@main.command("check")
@click.argument("number")
@workspace_option
@click.option("--url", help="check a running server instead of your workspace's app")
@click.option("--hidden", is_flag=True, help="also run the hidden checks (instructors)")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="write the result here")
@click.option("--seed", type=int, help="replay the random use of an earlier run (its seed)")
@click.option(
    "--database-url",
    metavar="URL",
    help="run your app on a fresh database on this server instead of SQLite, dropped after: "
    "postgresql+asyncpg://USER@HOST:PORT or mysql+aiomysql://USER@HOST:PORT",
)
def check(
    number: str,
    workspace_dir: Path,
    url: str | None,
    hidden: bool,
    json_path: Path | None,
    seed: int | None,
    database_url: str | None,
) -> None:
    """Run the checks of lab NUMBER (or `all`) and show the verdicts.

    Exit status: 0 when every check passed, 1 when some did not, 2 when they could not run,
    130 when stopped with Ctrl-C.
    """
    if url and (problem := url_problem(url)):
        console.print(f"--url: {problem}", style="red", markup=False, soft_wrap=True)
        sys.exit(2)
    workspace_dir = find_workspace(workspace_dir)
    workspace = Workspace(workspace_dir)
    if url and database_url:
        raise click.UsageError(
            "--database-url is for your workspace's app: a server by --url has its own"
        )
    if not url and not workspace.exists():
        raise click.ClickException(
            f"{workspace_dir} is not a workspace: run `course lab start 01` first, or give --url"
        )
    if database_url:
        from labs.engine.databases import server_problem

        if problem := server_problem(database_url):
            console.print(f"[red]--database-url: {problem}[/red]", soft_wrap=True)
            sys.exit(2)
    if number == "all":
        labs = list(all_labs().values()) if url else [get_lab(n) for n in workspace.started()]
    else:
        labs = [_lab(number)]
    try:
        with _warning_about_outside_edits(None if url else workspace):
            result = run_checks(
                labs,
                workspace=None if url else workspace_dir,
                url=url,
                hidden=hidden,
                seed=seed,
                database_url=database_url,
            )
    except KeyboardInterrupt:
        console.print("Stopped.")
        sys.exit(130)
    except AppDoesNotImport as error:
        console.print("Your app does not import, so no check can run:", style="red")
        console.print(str(error), markup=False)
        console.print("Fix it first (`python -c 'import conduit.app'` in your workspace shows it).")
        sys.exit(2)
    except (RunError, InstructorMaterialMissing) as error:
        console.print(str(error), style="red", markup=False, soft_wrap=True)
        sys.exit(2)
    for each in labs:
        _show(each, result)
    _save(result, labs, workspace, json_path)
    console.print(f"Total: {_split(result)}")
    sys.exit(0 if result.ok else 1)


def _show(chosen: Lab, result: RunResult) -> None:
    table = Table(title=f"Lab {chosen.number}: {chosen.title} ({result.mode})", show_lines=True)
    table.add_column("check")
    table.add_column("rule")
    table.add_column("result")
    table.add_column("points", justify="right")
    table.add_column("why / hint")
    for each in result.of_lab(chosen.number):
        style = STYLES.get(each.status, "")
        why = each.message if each.status != "failed" else each.message or each.hint
        if each.status == "failed" and each.raised:
            why = f"expected: {each.expected}\n" if each.expected else ""
            why += f"hint:     {each.hint}"
        table.add_row(
            each.title,
            each.rule,
            f"[{style}]{each.status}[/{style}]",
            f"{each.earned}/{each.points}",
            why,
        )
    console.print(table)
    _show_crashes(result.of_lab(chosen.number))
    console.print(f"Lab {chosen.number}: {_split(result, chosen.number)}")


def _show_crashes(checks: list[CheckResult]) -> None:
    """Each exception the learner's code raised, once, with the checks it broke."""
    broke: dict[str, list[str]] = {}
    for each in checks:
        for told in each.raised:
            broke.setdefault(told, []).append(each.title)
    for told, titles in broke.items():
        console.print(
            Panel(
                Text(told),
                title="Your code raised",
                subtitle=f"while answering {len(titles)} check(s): {titles[0]}"
                + (" and more" if len(titles) > 1 else ""),
                border_style="red",
            )
        )


def _split(result: RunResult, lab: str | None = None) -> str:
    """`earned/possible points`, then the RealWorld contract's and the course rules' parts."""
    parts = ", ".join(
        f"{name} {result.score(lab, rule)}/{result.possible(lab, rule)}"
        for rule, name in (("contract", "RealWorld contract"), ("course", "course rules"))
    )
    return f"{result.score(lab)}/{result.possible(lab)} points ({parts})"


def _save(result: RunResult, labs: list[Lab], workspace: Workspace, json_path: Path | None) -> None:
    if json_path is not None:
        json_path.write_text(json.dumps(asdict(result), indent=2) + "\n")
        return
    if result.mode != "in-process":
        return
    for each in labs:
        path = workspace.result_file(each.number)
        path.parent.mkdir(parents=True, exist_ok=True)
        part = RunResult(result.mode, result.target, result.of_lab(each.number), result.finished_at)
        path.write_text(json.dumps(asdict(part), indent=2) + "\n")


@main.command("serve")
@click.argument("directory", default=DEFAULT_WORKSPACE, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int)
@click.option(
    "--demo-data", is_flag=True, help="load demo users and articles into an empty database"
)
@click.option("--no-reload", is_flag=True, help="do not restart when you save a file")
def serve(directory: Path, host: str, port: int, demo_data: bool, no_reload: bool) -> None:
    """Run your workspace's backend, to check it by URL, use it in a browser or load-test it.

    It restarts by itself when you save a file of your workspace, and listens on port 8001 so
    that the reference (`make run`, port 8000) can run beside it.
    """
    directory = find_workspace(directory)
    if not Workspace(directory).exists():
        raise click.ClickException(f"{directory} is not a workspace")
    env = {**os.environ}
    env.pop("PYTHONPATH", None)
    prepared = subprocess.run(prepare_command(demo_data=demo_data), cwd=directory, env=env)  # noqa: S603
    if prepared.returncode != 0:
        raise click.ClickException("your app could not create its tables: see the error above")
    console.print(f"Your Conduit API on http://{host}:{port}/api (it reloads when you save)")
    command = serve_command(host, port, reload=not no_reload)
    server = subprocess.Popen(command, cwd=directory, env=env)  # noqa: S603
    # Ctrl-C reaches the server too (same process group); a SIGTERM sent to `course` alone
    # is passed on, so that stopping `course serve` never leaves a server behind.
    signal.signal(signal.SIGTERM, lambda _signal, _frame: server.terminate())
    try:
        code = server.wait()
    except KeyboardInterrupt:
        code = server.wait()
    # uvicorn ends by the signal that stopped it: being stopped is how serving ends.
    sys.exit(0 if code in (-signal.SIGINT, -signal.SIGTERM) else code)


@main.command("loadtest")
@click.argument("number")
@workspace_option
@click.option("--url", help="load-test a running server instead of your workspace's app")
@click.option("--users", default=20, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--spawn-rate", default=20.0, show_default=True, help="users started per second")
@click.option("--duration", default=20, show_default=True, type=click.IntRange(3, 3600),
              help="seconds measured per server")  # fmt: skip
@click.option("--think-time", default=0.0, show_default=True, type=click.FloatRange(min=0),
              help="mean seconds a user pauses between requests (0: none)")  # fmt: skip
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="where the reports go [default: WORKSPACE/.course/loadtests]")  # fmt: skip
@click.option("--web", is_flag=True, help="Locust's web UI on :8089 instead of a verdict")
@click.option("--workers", default=0, show_default=True, type=click.IntRange(0, 64),
              help="Locust worker processes under a master (0: Locust in one process)")  # fmt: skip
def loadtest(
    number: str, workspace_dir: Path, url: str | None, users: int, spawn_rate: float,
    duration: int, think_time: float, out: Path | None, web: bool, workers: int,
) -> None:  # fmt: skip
    """Load-test your backend, then the reference, under lab NUMBER's scenario (or `all`).

    Prints each endpoint's requests/s, p50/p95/p99 and failures, yours beside the reference's,
    against the lab's budgets; writes JSON and an HTML report. Exit status: 0 pass, 1 fail
    (wrong answers or budgets missed), 2 could not run, 3 figures not to be trusted (the
    machine was too busy, or the load generator saturated), 130 stopped with Ctrl-C.
    """
    from loadtests.compare import Options, run_labs, web_ui
    from loadtests.labs import SCENARIOS, scenario_of
    from loadtests.locust_run import LoadShape
    from loadtests.targets import DatasetFailed, workspace_app

    try:
        named = [] if number == "all" else [scenario_of(number).lab]
    except KeyError as error:
        raise click.BadParameter(str(error.args[0])) from error
    if url and (problem := url_problem(url)):
        console.print(f"--url: {problem}", style="red", markup=False, soft_wrap=True)
        sys.exit(2)
    workspace_dir = find_workspace(workspace_dir)
    workspace = Workspace(workspace_dir)
    if not url and not workspace.exists():
        raise click.ClickException(
            f"{workspace_dir} is not a workspace: run `course lab start 01` first, or give --url"
        )
    started = [each for each in workspace.started() if each in SCENARIOS]
    labs = named or (list(SCENARIOS) if url else started)
    if not labs:
        raise click.ClickException("no lab is started in this workspace: name one, as `01`")
    shape = LoadShape(users, spawn_rate, duration, think_time, workers)
    default_out = workspace_dir / ".course" / "loadtests" if workspace.exists() else None
    options = Options(out or default_out or Path("loadtest-results"), shape)
    target = url or workspace_app(workspace_dir)
    try:
        if web:
            sys.exit(web_ui(labs[0], target, options))
        sys.exit(run_labs(labs, target, options, console))
    except KeyboardInterrupt:
        console.print("Stopped.")
        sys.exit(130)
    except (DatasetFailed, RuntimeError) as error:
        console.print(f"The load test could not run: {error}", style="red", markup=False)
        sys.exit(2)


def _lab(number: str) -> Lab:
    try:
        return get_lab(number)
    except KeyError as error:
        raise click.BadParameter(str(error.args[0])) from error


def _add_instructor_commands() -> None:
    from graders.cli import export, grade, passed, release

    main.add_command(release)
    main.add_command(grade)
    main.add_command(export)
    main.add_command(passed)


_add_instructor_commands()
