"""Grade a lab beyond this machine: a Gradescope autograder.

archive = export_gradescope(get_lab("01"), Path("exports"))

Loaded on first use: what runs in the grading container imports only what it needs.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graders.export.bundle import ExportError
    from graders.export.gradescope import export_gradescope

_HOMES = {
    "ExportError": "graders.export.bundle",
    "export_gradescope": "graders.export.gradescope",
}

__all__ = ["ExportError", "export_gradescope"]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
