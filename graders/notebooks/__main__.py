"""`python -m graders.notebooks open|grade|lint|merge`: the learner's and instructor's commands."""

import argparse
import subprocess
import sys
from pathlib import Path

from graders.notebooks import cycle, gradebook, learner, lint
from graders.notebooks.course import DEFAULT_WORKDIR, Course
from graders.sandbox import SandboxUnavailable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m graders.notebooks", description=__doc__)
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="where nbgrader keeps its state (default: notebooks/.work, ignored by git)",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    open_ = commands.add_parser("open", help="open JupyterLab on the learner's notebooks")
    open_.add_argument("--port", type=int)
    open_.add_argument("--print", action="store_true", help="print the command, do not run it")

    grade = commands.add_parser("grade", help="release, autograde, feedback, export: headless")
    grade.add_argument(
        "submissions",
        type=Path,
        nargs="?",
        help="a folder of <student>/<assignment>/*.ipynb (default: collect what learners "
        "submitted through the exchange, and release their feedback there)",
    )
    grade.add_argument("--timeout", type=int, help="seconds a cell may run (default: config's)")
    grade.add_argument("--labs", type=Path, nargs="*", default=[], help="lab score CSVs to merge")
    grade.add_argument("--gradebook", type=Path, help="merged gradebook CSV to write")
    grade.add_argument(
        "--no-sandbox",
        action="store_true",
        help="run learners' kernels unconfined, as you: trusted submissions only",
    )

    check = commands.add_parser("lint", help="check the source notebooks for nbgrader traps")
    check.add_argument("--static", action="store_true", help="do not run the notebooks")

    merge = commands.add_parser("merge", help="merge notebook and lab scores into one gradebook")
    merge.add_argument("notebook_csv", type=Path, help="nbgrader's grades.csv")
    merge.add_argument("lab_csvs", type=Path, nargs="*", help="the lab grader's CSVs")
    merge.add_argument("-o", "--output", type=Path, required=True)

    args = parser.parse_args(argv)
    course = Course(
        workdir=args.workdir.resolve(),
        cell_timeout=getattr(args, "timeout", None),
        sandbox=not getattr(args, "no_sandbox", False),
    )

    if args.command == "open":
        command, env = learner.lab_command(course, args.port)
        if args.print:
            print(f"JUPYTER_CONFIG_DIR={env['JUPYTER_CONFIG_DIR']}", *command)
            return 0
        # The command is ours: this Python, running jupyterlab, with paths we built.
        return subprocess.run(command, env=env, check=False).returncode  # noqa: S603
    if args.command == "grade":
        if not course.sandbox:
            print("--no-sandbox: learners' code runs with your privileges.", file=sys.stderr)
        try:
            report = cycle.grade(course, args.submissions)
        except SandboxUnavailable as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        print(f"graded {len(report.graded)} submission(s); grades in {report.grades_csv}")
        if args.gradebook and report.grades_csv:
            gradebook.merge_files(report.grades_csv, args.labs, args.gradebook)
            print(f"gradebook in {args.gradebook}")
        return 0
    if args.command == "lint":
        problems = lint.lint(course.source_notebooks(), execute=not args.static)
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"{len(problems)} problem(s) in {len(course.source_notebooks())} notebook(s)")
        return 1 if problems else 0
    gradebook.merge_files(args.notebook_csv, args.lab_csvs, args.output)
    print(f"gradebook in {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
