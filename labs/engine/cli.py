"""The `course` command: start labs, check them, serve your backend."""

import json
import os
import signal
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from labs.engine.catalog import Lab, all_labs, get_lab
from labs.engine.regions import MarkerError
from labs.engine.results import RunResult, load
from labs.engine.runner import RunError, run_checks
from labs.engine.workspace import Workspace, WorkspaceError, start_lab

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
    workspace = Workspace(workspace_dir)
    started = workspace.started()
    table = Table(title=f"Labs (workspace: {workspace_dir})")
    for column in ("lab", "title", "points", "started", "last check"):
        table.add_column(column)
    for lab in all_labs().values():
        last = ""
        if workspace.result_file(lab.number).exists():
            result = load(workspace.result_file(lab.number))
            last = f"{result.score(lab.number)}/{result.possible(lab.number)}"
        table.add_row(
            lab.number, lab.title, str(lab.points), "yes" if lab.number in started else "", last
        )
    console.print(table)
    earned = sum(
        load(workspace.result_file(n)).score(n)
        for n in started
        if workspace.result_file(n).exists()
    )
    possible = sum(all_labs()[n].points for n in started if n in all_labs())
    console.print(f"Progress over the labs you started: {earned}/{possible} points")


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

    Exit status: 0 when every check passed, 1 when some did not, 2 when they could not run.
    """
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
        result = run_checks(
            labs,
            workspace=None if url else workspace_dir,
            url=url,
            hidden=hidden,
            seed=seed,
            database_url=database_url,
        )
    except RunError as error:
        console.print(f"[red]{error}[/red]")
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
        table.add_row(
            each.title,
            each.rule,
            f"[{style}]{each.status}[/{style}]",
            f"{each.earned}/{each.points}",
            why,
        )
    console.print(table)
    console.print(f"Lab {chosen.number}: {_split(result, chosen.number)}")


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
@click.option("--port", default=8000, show_default=True, type=int)
def serve(directory: Path, host: str, port: int) -> None:
    """Run your workspace's backend, to check it by URL, use it in a browser or load-test it."""
    if not Workspace(directory).exists():
        raise click.ClickException(f"{directory} is not a workspace")
    command = [sys.executable, "-m", "conduit", "serve", "--host", host, "--port", str(port)]
    env = {**os.environ}
    env.pop("PYTHONPATH", None)
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
