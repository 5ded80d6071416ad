"""What grading needs that a learner's install does not hold: the instructor's material.

A learner's package (see labs/engine/learner_build.py) ships neither `instructor/` (hidden
checks, mistakes, equivalents) nor the reference's solutions. Releasing, grading and exporting
refuse there, saying why, instead of grading against stubs without the hidden checks.
"""

from labs.engine.catalog import InstructorMaterialMissing, Lab
from labs.engine.starter import stubbed_labs
from labs.engine.workspace import reference_sources


def require_instructor_material(lab: Lab) -> None:
    """Raise InstructorMaterialMissing unless the lab's hidden checks and the full reference are
    here."""
    if not lab.hidden_dir.is_dir():
        raise InstructorMaterialMissing(f"lab {lab.number}'s hidden checks are missing")
    stubbed = stubbed_labs(reference_sources())
    if stubbed:
        raise InstructorMaterialMissing(
            f"this install's reference holds no solution of lab(s) {', '.join(stubbed)}: it is "
            "a learner's install of the course. Release, grade and export from a clone of the "
            "course's own repository, installed with `pip install -e .`"
        )
