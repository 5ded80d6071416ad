"""Grade learners' lab submissions: their regions spliced into a starter, served in a sandbox.

grades = grade_class(get_lab("01"), Path("submissions"), Path("grades"), jobs=4)
"""

from graders.labs.batch import grade_class, submissions_in
from graders.labs.grade import Grade, grade_submission
from graders.labs.release import release_lab
from graders.labs.splice import SubmissionError, splice

__all__ = [
    "Grade",
    "SubmissionError",
    "grade_class",
    "grade_submission",
    "release_lab",
    "splice",
    "submissions_in",
]
