"""A lab's GitHub Classroom template repository: its release, and a workflow that scores it.

template = export_classroom(get_lab("01"), Path("exports"), install="-e git+https://...")
"""

import shutil
import tempfile
from pathlib import Path
from string import Template

from graders.export.bundle import ExportError, fresh
from graders.export.workflow import render, workflow
from graders.labs import release_lab
from labs.engine.catalog import Lab
from labs.engine.results import CheckResult
from labs.engine.runner import run_checks
from labs.engine.workspace import create, reference_sources

TEMPLATES = Path(__file__).with_name("templates")
WORKFLOW = Path(".github/workflows/classroom.yml")
GITIGNORE = "__pycache__/\n.course/results/\nlab-result.json\n"


def public_checks(lab: Lab) -> list[CheckResult]:
    """The lab's public checks, as the reference runs them; refused unless it passes them all."""
    with tempfile.TemporaryDirectory(prefix="export-reference-") as folder:
        reference = create(Path(folder), reference_sources(), [lab.number]).root
        checks = run_checks([lab], workspace=reference).of_lab(lab.number)
    failing = [f"{c.id} ({c.status}: {c.message})" for c in checks if c.status != "passed"]
    if failing:
        raise ExportError("the reference does not pass these checks: " + "; ".join(failing))
    if sum(c.points for c in checks) != lab.points:
        raise ExportError(f"lab {lab.number}'s public checks are not worth its {lab.points} points")
    return checks


def export_classroom(lab: Lab, out: Path, *, install: str) -> Path:
    """Write the template repository `out/lab<NN>-github-classroom/` and return it.

    `install` is the pip requirement of the course's tools, as the instructor would type it.
    """
    target = fresh(out / f"lab{lab.number}-github-classroom")
    checks = public_checks(lab)
    with tempfile.TemporaryDirectory(prefix="export-release-") as staging:
        out.mkdir(parents=True, exist_ok=True)
        shutil.move(release_lab(lab, Path(staging)), target)
    (target / WORKFLOW).parent.mkdir(parents=True)
    (target / WORKFLOW).write_text(render(lab, workflow(lab, checks, install)))
    (target / ".gitignore").write_text(GITIGNORE)
    section = Template((TEMPLATES / "classroom-README.md").read_text()).substitute(
        lab=lab.number, points=lab.points, hidden_points=lab.hidden_points
    )
    with (target / "README.md").open("a") as readme:
        readme.write(section)
    return target
