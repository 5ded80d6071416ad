"""The instructors' `course` commands: release a lab, grade a class.

Kept apart from the learners' commands, and importing the graders only when run, so that
`course check` starts as fast as ever.
"""

from pathlib import Path

import click


@click.command("release")
@click.argument("number")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("release"),
    show_default=True,
    help="folder to write the bundle into",
)
def release(number: str, out: Path) -> None:
    """Write lab NUMBER's learner bundle: its starter, README and public checks (no hidden ones)."""
    from graders.labs import release_lab
    from labs.engine.catalog import get_lab

    try:
        bundle = release_lab(get_lab(number), out)
    except (KeyError, FileExistsError) as error:
        raise click.ClickException(str(error.args[0])) from error
    click.echo(f"Lab {number}'s bundle is in {bundle}")


@click.command("grade")
@click.argument("number")
@click.argument("submissions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option("-j", "--jobs", default=2, show_default=True, help="submissions graded at once")
@click.option(
    "--time-limit", default=120.0, show_default=True, help="seconds for one submission's checks"
)
@click.option("--only", multiple=True, help="regrade only this learner (repeatable)")
@click.option(
    "--no-sandbox", is_flag=True, help="run learners' code unconfined: trusted submissions only"
)
def grade(
    number: str,
    submissions: Path,
    out: Path,
    jobs: int,
    time_limit: float,
    only: tuple[str, ...],
    no_sandbox: bool,
) -> None:
    """Grade lab NUMBER for every learner folder in SUBMISSIONS, in a sandbox, into --out."""
    from graders.labs import grade_class
    from graders.sandbox import SandboxUnavailable
    from labs.engine.catalog import get_lab

    if no_sandbox:
        click.secho(
            "--no-sandbox: learners' code runs with your privileges.", fg="yellow", err=True
        )
    try:
        lab = get_lab(number)
        grades = grade_class(
            lab, submissions, out, jobs=jobs, time_limit=time_limit, only=only, trusted=no_sandbox
        )
    except SandboxUnavailable as error:
        raise click.ClickException(str(error)) from error
    except KeyError as error:
        raise click.ClickException(str(error.args[0])) from error
    click.echo(f"Graded {len(grades)} submissions of lab {number}: {out / 'gradebook.csv'}")
