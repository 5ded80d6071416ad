"""A lab's Gradescope autograder: a zip with setup.sh and run_autograder at its root.

zip_path = export_gradescope(get_lab("01"), Path("exports"))
"""

import zipfile
from pathlib import Path
from string import Template

from graders.export.autograder import Settings
from graders.export.bundle import fresh
from graders.export.source import copy_course, pinned
from graders.labs.material import require_instructor_material
from labs.engine.catalog import Lab

TEMPLATES = Path(__file__).with_name("templates")
SCRIPTS = ("setup.sh", "run_autograder")
# Beyond the course's own dependencies, grading needs: the checks' runner, the sandbox's
# process accounting, the class summary's plot, and the HTTP client of the checks.
GRADING_NEEDS = ("pytest", "psutil", "matplotlib", "httpx")


def export_gradescope(
    lab: Lab, out: Path, *, sandbox: bool = True, time_limit: float = 120.0
) -> Path:
    """Write `out/lab<NN>-gradescope/` and the zip of it beside it; return the zip."""
    require_instructor_material(lab)
    archive = fresh(out / f"lab{lab.number}-gradescope.zip")
    folder = fresh(out / f"lab{lab.number}-gradescope")
    folder.mkdir(parents=True)
    for name in SCRIPTS:
        script = folder / name
        script.write_text((TEMPLATES / name).read_text())
        script.chmod(0o755)
    copy_course(folder / "course")
    (folder / "requirements.txt").write_text("".join(f"{pinned(n)}\n" for n in GRADING_NEEDS))
    Settings(lab.number, time_limit, sandbox).write(folder)
    (folder / "README.md").write_text(instructions(lab, sandbox=sandbox, time_limit=time_limit))
    return zip_folder(folder, archive)


def instructions(lab: Lab, *, sandbox: bool, time_limit: float) -> str:
    """The bundle's README.md, for the instructor who uploads it."""
    fill = {
        "lab": lab.number,
        "points": lab.points,
        "hidden_points": lab.hidden_points,
        "total": lab.points + lab.hidden_points,
        "time_limit": f"{time_limit:g}",
    }
    note = (TEMPLATES / ("sandbox-on.md" if sandbox else "sandbox-off.md")).read_text()
    page = Template((TEMPLATES / "gradescope-README.md").read_text())
    return page.substitute(fill, sandbox_note=Template(note).substitute(fill).strip())


def zip_folder(folder: Path, archive: Path) -> Path:
    """`folder`'s content at the zip's root, where Gradescope looks, keeping each file's mode."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for path in sorted(folder.rglob("*")):
            zipped.write(path, path.relative_to(folder).as_posix())
    return archive
