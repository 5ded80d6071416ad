"""Grade learners' lab submissions: their regions spliced into a starter, served in a sandbox.

grades = grade_class(get_lab("01"), Path("submissions"), Path("grades"), jobs=4)

The names below are imported when first used: `course check` reads `graders.labs.splice` on
every run, and grading's own modules bring in the whole reference app (half a second it need not
wait for). The splicing function is `graders.labs.splice.splice`: a package attribute of the
same name as a submodule would be the submodule once that is imported.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from graders.labs.batch import grade_class, submissions_in
    from graders.labs.grade import Grade, grade_submission
    from graders.labs.release import release_lab
    from graders.labs.splice import SubmissionError

_HOMES = {
    "Grade": "graders.labs.grade",
    "SubmissionError": "graders.labs.splice",
    "grade_class": "graders.labs.batch",
    "grade_submission": "graders.labs.grade",
    "release_lab": "graders.labs.release",
    "submissions_in": "graders.labs.batch",
}

__all__ = [
    "Grade",
    "SubmissionError",
    "grade_class",
    "grade_submission",
    "release_lab",
    "submissions_in",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
