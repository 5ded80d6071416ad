"""What every export shares: a place of its own, and the error that says why one was refused."""

from pathlib import Path


class ExportError(Exception):
    """The export cannot be made as asked; the message says why and what to do."""


def fresh(path: Path) -> Path:
    """`path`, unless an earlier export is there: it may hold an instructor's edits."""
    if path.exists():
        raise ExportError(f"{path} already exists; remove it or choose another --out folder")
    return path
