"""The learner's JupyterLab: their copy of the released notebooks, without instructor tools.

nbgrader installs its JupyterLab plugins and server extensions for everyone in the environment.
A learner session gets a Jupyter config directory of its own (JUPYTER_CONFIG_DIR, read before
the environment's) that disables, and locks, the instructor-only ones: the formgrader, the
create-assignment toolbar and the course list. The assignment list and validate stay.
The files written are the ones `jupyter labextension disable/lock --level=user` would write.
The same folder holds the learner's nbgrader settings: the course and the exchange on this
machine, so that the Assignment List lists the released assignments, and submitting and
fetching feedback work from it.
"""

import json
import os
import shutil
import sys
from pathlib import Path

from graders.notebooks import cycle
from graders.notebooks.course import Course

INSTRUCTOR_PLUGINS = (
    "@jupyter/nbgrader:formgrader",
    "@jupyter/nbgrader:create-assignment",
    "@jupyter/nbgrader:course-list",
)
INSTRUCTOR_SERVER_EXTENSIONS = (
    "nbgrader.server_extensions.formgrader",
    "nbgrader.server_extensions.course_list",
)


def write_learner_config(config_dir: Path, course: Course | None = None) -> Path:
    """Write a Jupyter config directory with the instructor tools off, pointed at the exchange."""
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    off = dict.fromkeys(INSTRUCTOR_PLUGINS, True)
    page_config = {"disabledExtensions": off, "lockedExtensions": off}
    (labconfig / "page_config.json").write_text(json.dumps(page_config, indent=2) + "\n")
    server = {
        "ServerApp": {"jpserver_extensions": dict.fromkeys(INSTRUCTOR_SERVER_EXTENSIONS, False)}
    }
    (config_dir / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    if course is not None:
        exchange = {"root": str(course.exchange_dir), "assignment_dir": str(learner_dir(course))}
        # nbgrader reads the default assignment_dir "." as the server's working directory.
        nbgrader = {"CourseDirectory": {"course_id": course.course_id}, "Exchange": exchange}
        (config_dir / "nbgrader_config.json").write_text(json.dumps(nbgrader, indent=2) + "\n")
    return config_dir


def learner_dir(course: Course) -> Path:
    """Where the learner's copies of the assignments are, one folder each."""
    return course.workdir / "learner"


def learner_notebooks(course: Course) -> Path:
    """The learner's copies of the released notebooks; existing work is never overwritten.

    Each copy sits where the Assignment List's "fetch" would put it, so the list shows the
    assignment as fetched and its "submit" sends the learner's copy to the exchange.
    """
    if not (course.exchange_dir / course.course_id / "outbound").is_dir():
        cycle.publish(course)
    folder = learner_dir(course)
    for assignment in course.assignments():
        target = folder / assignment
        if not target.exists():
            shutil.copytree(course.workdir / "release" / assignment, target)
    return folder


def lab_command(course: Course, port: int | None = None) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that open JupyterLab for a learner."""
    config_dir = write_learner_config(course.workdir / "learner-config", course)
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={learner_notebooks(course)}"]
    if port is not None:
        argv.append(f"--ServerApp.port={port}")
    if os.geteuid() == 0:  # a container or a VM where the learner is root: Jupyter asks to confirm
        argv.append("--allow-root")
    return argv, {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir)}
