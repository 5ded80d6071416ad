"""A lab's learner-facing bundle: its starter, README and public checks, nothing hidden.

The starter holds no solution of the lab nor of later ones: earlier labs' regions are the
reference's, the lab's own are TODOs, later labs' answer 501 (`release_sources`).
"""

import shutil
from pathlib import Path

from graders.labs.material import require_instructor_material
from labs.engine.catalog import Lab
from labs.engine.workspace import create, reference_sources, release_sources


def release_lab(lab: Lab, out: Path) -> Path:
    """Write `out/lab<NN>/` and return it; refuses to write over an existing bundle.

    Raises InstructorMaterialMissing in a learner's install: earlier labs' solutions are given.
    """
    require_instructor_material(lab)
    bundle = out / f"lab{lab.number}"
    if bundle.exists():
        raise FileExistsError(f"{bundle} already exists; remove it or choose another folder")
    create(bundle / "workspace", release_sources(reference_sources(), lab), [])
    shutil.copy2(lab.folder / "README.md", bundle / "README.md")
    shutil.copytree(lab.checks_dir, bundle / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    return bundle
