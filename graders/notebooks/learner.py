"""The learner's JupyterLab: their copy of the released notebooks, without instructor tools.

nbgrader installs its JupyterLab plugins and server extensions for everyone in the environment.
A learner session gets a Jupyter config directory of its own (JUPYTER_CONFIG_DIR, read before
the environment's) that disables, and locks, the instructor-only ones: the formgrader, the
create-assignment toolbar and the course list. The assignment list and validate stay.
The files written are the ones `jupyter labextension disable/lock --level=user` would write.
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


def write_learner_config(config_dir: Path) -> Path:
    """Write a Jupyter config directory with the instructor tools turned off."""
    labconfig = config_dir / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    off = dict.fromkeys(INSTRUCTOR_PLUGINS, True)
    page_config = {"disabledExtensions": off, "lockedExtensions": off}
    (labconfig / "page_config.json").write_text(json.dumps(page_config, indent=2) + "\n")
    server = {
        "ServerApp": {"jpserver_extensions": dict.fromkeys(INSTRUCTOR_SERVER_EXTENSIONS, False)}
    }
    (config_dir / "jupyter_server_config.json").write_text(json.dumps(server, indent=2) + "\n")
    return config_dir


def learner_notebooks(course: Course) -> Path:
    """The learner's copies of the released notebooks; existing work is never overwritten."""
    if not (course.workdir / "release").is_dir():
        cycle.release(course)
    learner_dir = course.workdir / "learner"
    for assignment in course.assignments():
        target = learner_dir / assignment
        if not target.exists():
            shutil.copytree(course.workdir / "release" / assignment, target)
    return learner_dir


def lab_command(course: Course, port: int | None = None) -> tuple[list[str], dict[str, str]]:
    """The command line and environment that open JupyterLab for a learner."""
    config_dir = write_learner_config(course.workdir / "learner-config")
    argv = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={learner_notebooks(course)}"]
    if port is not None:
        argv.append(f"--ServerApp.port={port}")
    return argv, {**os.environ, "JUPYTER_CONFIG_DIR": str(config_dir)}
