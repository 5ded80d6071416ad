"""Grade a lab beyond this machine: a Gradescope autograder, a GitHub Classroom template.

archive = export_gradescope(get_lab("01"), Path("exports"))
template = export_classroom(get_lab("01"), Path("exports"), install="-e git+https://...")

Loaded on first use: `course passed`, run once per check by Classroom, needs only `verdict`.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graders.export.bundle import ExportError
    from graders.export.classroom import export_classroom, public_checks
    from graders.export.gradescope import export_gradescope
    from graders.export.verdict import verdict

_HOMES = {
    "ExportError": "graders.export.bundle",
    "export_classroom": "graders.export.classroom",
    "export_gradescope": "graders.export.gradescope",
    "public_checks": "graders.export.classroom",
    "verdict": "graders.export.verdict",
}

__all__ = ["ExportError", "export_classroom", "export_gradescope", "public_checks", "verdict"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
