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

# Autograding runs learner code with the instructor's privileges. A per-cell timeout stops
# infinite loops (the cell is interrupted, scores 0, and the batch goes on). It does not stop
# code that reads files, opens sockets or ignores SIGINT. The lab sandbox (graders.sandbox,
# bubblewrap) should wrap the grading kernel too: a kernelspec whose argv starts ipykernel
# through it, named here with c.Execute.kernel_name. Its network is cut off, so the kernel must
# then talk to nbgrader over IPC sockets in a shared folder (KernelManager.transport = "ipc").
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
