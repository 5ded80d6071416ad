"""nbgrader configuration of the concept notebooks.

`source/<assignment>/` holds the instructor versions, the one source of truth. Everything
nbgrader derives from them (gradebook.db, release/, submitted/, autograded/, feedback/) lives in
a working directory outside git: `.work/` here by default, or the one given to
`python -m graders.notebooks grade --workdir DIR`, which overrides `CourseDirectory.root`.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent

c = get_config()  # type: ignore[name-defined]  # noqa: F821  (nbgrader provides it)

c.CourseDirectory.course_id = "backend-course"
c.CourseDirectory.root = str(HERE / ".work")
c.CourseDirectory.source_directory = str(HERE / "source")

# Autograding runs learners' code, which may be hostile. Each notebook's kernel starts in the
# grading sandbox (graders.sandbox: a uid of its own, no network, a read-only file system without
# the course's files or the gradebook, rlimits, a control group, a wall clock); nbgrader stays in
# the grader's process and reaches the kernel over IPC sockets (graders/notebooks/kernel.py).
# GradingExecute takes the place of nbgrader's Execute in its list of autograde steps to do so;
# it also grades a notebook whose kernel died (os._exit, a limit) up to that cell, where nbgrader
# would stop the whole batch. `grade --no-sandbox` sets c.GradingExecute.sandbox = False: the
# kernels then run as the grader, for trusted code only.
c.Autograde.autograde_preprocessors = [
    "graders.notebooks.execute.GradingExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# A per-cell timeout interrupts a loop (the cell scores 0, the notebook goes on); the sandbox's
# clock ends a kernel that ignores interrupts (KERNEL_LIMITS in graders/notebooks/kernel.py).
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
c.Execute.execute_retries = 0
# Generous waits for a busy machine (a class graded at once): nbgrader fails the whole
# notebook, not one cell, when a kernel starts late or its output trails its reply.
c.Execute.startup_timeout = 120
c.Execute.iopub_timeout = 30

# Feedback is rendered from the autograded notebooks, which hold the hidden tests again: strip
# them (source and output) before the HTML is written, or learners read them in their feedback.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "graders.notebooks.feedback.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]
