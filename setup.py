"""Builds the learner's package: a wheel or an sdist of the course holds no lab's solution.

The project is described in pyproject.toml; this file only adds the build steps that strip the
reference's solutions from what is built (labs/engine/learner_build.py says how). An editable
install (`pip install -e .`) is the tree as it is.
"""

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the build runs outside the tree
from labs.engine.learner_build import strip_solutions

REFERENCE = "reference_app"


class LearnerBuildPy(build_py):  # type: ignore[misc]
    def run(self) -> None:
        super().run()
        if not self.editable_mode:
            strip_solutions(Path(self.build_lib) / REFERENCE)


class LearnerSdist(sdist):  # type: ignore[misc]
    def make_release_tree(self, base_dir: str, files: list[str]) -> None:
        super().make_release_tree(base_dir, files)
        strip_solutions(Path(base_dir) / REFERENCE)


setup(cmdclass={"build_py": LearnerBuildPy, "sdist": LearnerSdist})
