"""Concept notebooks graded with nbgrader: the learner's and the instructor's commands.

`python -m graders.notebooks open|grade|lint|merge`; see notebooks/README.md.
"""

from graders.notebooks.course import Course
from graders.notebooks.gradebook import Score, merge, read_scores

__all__ = ["Course", "Score", "merge", "read_scores"]
