"""A lab's learner-facing bundle: its starter, README and public checks, nothing hidden."""

import shutil
from pathlib import Path

from labs.engine.catalog import Lab
from labs.engine.starter import make_starter
from labs.engine.workspace import create, reference_sources


def release_lab(lab: Lab, out: Path) -> Path:
    """Write `out/lab<NN>/` and return it; refuses to write over an existing bundle."""
    bundle = out / f"lab{lab.number}"
    if bundle.exists():
        raise FileExistsError(f"{bundle} already exists; remove it or choose another folder")
    create(bundle / "workspace", make_starter(reference_sources(), lab.number, lab.hints), [])
    shutil.copy2(lab.folder / "README.md", bundle / "README.md")
    shutil.copytree(lab.checks_dir, bundle / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    return bundle
