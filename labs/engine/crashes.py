"""The learner's own exceptions, told as such: where their code raised, not a check's guess.

When a handler raises, the app answers 500 and a check fails with a hint about what it expected;
without this, the learner reads a hint about code that may be right and never sees the line that
broke. In-process, the app's exception hook records every exception that is not an HTTP answer
(404, 422... are answers, not crashes) with the frames of the learner's package, and each check
carries the ones raised while it ran. An app that does not even import is one message, once.
"""

import importlib
import traceback
from pathlib import Path
from typing import Any

FRAMES_SHOWN = 4


def describe(error: BaseException, package: Path) -> str:
    """`Type: message`, then the frames in `package` (file:line in function, and the line)."""
    lines = [f"{type(error).__name__}: {error}".rstrip(": ")]
    if isinstance(error, SyntaxError) and error.filename:
        where = _relative(Path(error.filename), package)
        lines.append(f"  {where}:{error.lineno}\n    {(error.text or '').strip()}")
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if _inside(Path(frame.filename), package)
    ]
    for frame in frames[-FRAMES_SHOWN:]:
        where = _relative(Path(frame.filename), package)
        lines.append(f"  {where}:{frame.lineno} in {frame.name}\n    {(frame.line or '').strip()}")
    return "\n".join(lines)


def _inside(path: Path, package: Path) -> bool:
    return path.resolve().is_relative_to(package.resolve())


def _relative(path: Path, package: Path) -> str:
    if not _inside(path, package):
        return str(path)
    return (package.name / path.resolve().relative_to(package.resolve())).as_posix()


def import_problem(package: Path, module: str = "conduit.app") -> str | None:
    """What stops the learner's app from importing (a syntax or import error), or None."""
    try:
        importlib.import_module(module)
    except Exception as error:
        return describe(error, package)
    return None


def _not_built(error: Exception) -> bool:
    """A part a later lab builds, reached: the app answers 501, and it is not the learner's."""
    return isinstance(error, NotImplementedError) and str(error).startswith("built in lab ")


class Crashes:
    """Exceptions the app raised while answering, waiting to be told with the check they broke."""

    def __init__(self) -> None:
        self.package = Path("conduit")
        self._seen: list[str] = []

    async def record(self, error: Exception, _scope: Any) -> None:
        """Litestar's after_exception hook: keep what is a crash, not an HTTP answer."""
        from litestar.exceptions import HTTPException

        if isinstance(error, HTTPException) or _not_built(error):
            return
        told = describe(error, self.package)
        if told not in self._seen:
            self._seen.append(told)

    def take(self) -> list[str]:
        """What was recorded since the last call."""
        taken, self._seen = self._seen, []
        return taken


CRASHES = Crashes()
