"""The instructors' `course` commands: release a lab, grade a class, export its grader.

Kept apart from the learners' commands, and importing the graders only when run, so that
`course check` starts as fast as ever.
"""

import sys
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
    from labs.engine.catalog import InstructorMaterialMissing, get_lab

    try:
        bundle = release_lab(get_lab(number), out)
    except InstructorMaterialMissing as error:
        raise click.ClickException(str(error)) from error
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
@click.option(
    "--database-url",
    metavar="URL",
    help="grade on PostgreSQL: each app gets a database and role of its own on this server "
    "(postgresql+asyncpg://USER@HOST:PORT, a user that may create roles and databases)",
)
@click.option(
    "--load-test/--no-load-test",
    default=True,
    show_default=True,
    help="after the checks, load-test each learner against the reference, one at a time, when "
    "the lab gives its load test points",
)
@click.option(
    "--load-seconds",
    default=10,
    show_default=True,
    help="seconds each load test measures (the reference's and each learner's)",
)
def grade(
    number: str,
    submissions: Path,
    out: Path,
    jobs: int,
    time_limit: float,
    only: tuple[str, ...],
    no_sandbox: bool,
    database_url: str | None,
    load_test: bool,
    load_seconds: int,
) -> None:
    """Grade lab NUMBER for every learner folder in SUBMISSIONS, in a sandbox, into --out."""
    import dataclasses

    from graders.labs import grade_class
    from graders.labs.loadtest import GRADING_SHAPE
    from graders.sandbox import SandboxUnavailable
    from labs.engine.catalog import InstructorMaterialMissing, get_lab

    if no_sandbox:
        click.secho(
            "--no-sandbox: learners' code runs with your privileges.", fg="yellow", err=True
        )
    if database_url:
        from labs.engine.databases import server_problem

        if not database_url.startswith("postgresql"):
            raise click.UsageError("--database-url: grading on a server is done on PostgreSQL")
        if problem := server_problem(database_url):
            raise click.ClickException(problem)
    try:
        lab = get_lab(number)
        grades = grade_class(
            lab,
            submissions,
            out,
            jobs=jobs,
            time_limit=time_limit,
            only=only,
            trusted=no_sandbox,
            database_url=database_url,
            load_test=load_test,
            load_shape=dataclasses.replace(GRADING_SHAPE, seconds=load_seconds),
        )
    except (SandboxUnavailable, InstructorMaterialMissing) as error:
        raise click.ClickException(str(error)) from error
    except KeyError as error:
        raise click.ClickException(str(error.args[0])) from error
    click.echo(f"Graded {len(grades)} submissions of lab {number}: {out / 'gradebook.csv'}")


@click.command("export")
@click.argument("number")
@click.option(
    "--to",
    "target",
    type=click.Choice(["gradescope", "github-classroom"]),
    required=True,
    help="the platform that will grade",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True)
@click.option(
    "--install",
    metavar="SPEC",
    help="github-classroom: what `pip install` is given for the course's tools, such as "
    "'git+https://github.com/ORG/COURSE@TAG'",
)
@click.option(
    "--no-sandbox",
    is_flag=True,
    help="gradescope: grade unconfined when its container cannot sandbox (see the README)",
)
@click.option(
    "--time-limit", type=float, help="gradescope: seconds for one submission's checks [120]"
)
def export(
    number: str,
    target: str,
    out: Path,
    install: str | None,
    no_sandbox: bool,
    time_limit: float | None,
) -> None:
    """Export lab NUMBER's grader: a Gradescope autograder zip, or a GitHub Classroom template."""
    from graders.export import ExportError, export_classroom, export_gradescope
    from labs.engine.catalog import InstructorMaterialMissing, get_lab

    if target == "gradescope" and install is not None:
        raise click.UsageError("--install is for --to github-classroom")
    if target == "github-classroom" and (no_sandbox or time_limit is not None):
        raise click.UsageError("--no-sandbox and --time-limit are for --to gradescope")
    if target == "github-classroom" and not install:
        raise click.UsageError(
            "--to github-classroom needs --install SPEC: what `pip install` is given in the "
            "learners' workflow to install the course's tools, such as "
            "'git+https://github.com/ORG/COURSE@TAG'"
        )
    try:
        lab = get_lab(number)
        if target == "gradescope":
            made = export_gradescope(
                lab, out, sandbox=not no_sandbox, time_limit=time_limit or 120.0
            )
        else:
            made = export_classroom(lab, out, install=install or "")
    except (ExportError, InstructorMaterialMissing) as error:
        raise click.ClickException(str(error)) from error
    except KeyError as error:
        raise click.ClickException(str(error.args[0])) from error
    click.echo(f"Lab {lab.number}'s {target} export is {made}; its README.md says what to do next.")


@click.command("passed")
@click.argument("result", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("check")
def passed(result: Path, check: str) -> None:
    """Exit 0 only if CHECK (LAB:ID) passed in RESULT, a file of `course check --json`.

    Autograders that score one command per test (GitHub Classroom) run it once per check.
    """
    from graders.export.verdict import verdict

    ok, message = verdict(result, check)
    click.echo(message, err=not ok)
    sys.exit(0 if ok else 1)
