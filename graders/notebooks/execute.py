"""nbgrader's Execute step for learners' notebooks: a sandboxed kernel, and no batch lost to it.

Named in notebooks/nbgrader_config.py in place of nbgrader's own Execute. When a cell kills its
kernel (os._exit, the memory limit, the sandbox's clock), nbgrader would give up on the whole
submission and stop the batch; here the notebook is graded as far as it ran, and every cell left
gets an error saying why it did not run, so that its tests score 0.
"""

from typing import Any

from nbclient.exceptions import DeadKernelError
from nbconvert.exporters.exporter import ResourcesDict
from nbformat import NotebookNode
from nbformat.v4 import new_output
from nbgrader.preprocessors import Execute  # type: ignore[import-untyped]
from traitlets import Bool, Int

from graders.notebooks.kernel import SandboxedKernelManager, SandboxProvisioner
from graders.sandbox import require_sandbox

DIED = "the kernel died while this cell ran"
NOT_RUN = "not run: the kernel had died in an earlier cell"
OUTPUT_CUT = "[output cut: the notebook printed more than the grader keeps]"


class GradingExecute(Execute):  # type: ignore[misc]  # nbgrader is untyped
    """Run each notebook in a sandboxed kernel; grade it up to the cell that killed its kernel."""

    sandbox = Bool(
        True, help="Start the kernel in the sandbox (False: as the grader, trusted code only)."
    ).tag(config=True)

    output_limit = Int(
        8 * 1024 * 1024, help="Characters of output kept per notebook; the rest is dropped."
    ).tag(config=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.sandbox:
            self.kernel_manager_class = SandboxedKernelManager
        self.kernel_died = False
        self.printed = 0

    def preprocess(
        self, nb: NotebookNode, resources: ResourcesDict | None = None, retries: Any = None
    ) -> tuple[NotebookNode, ResourcesDict]:
        if self.sandbox:
            # Raised here, not in the kernel's start, so that nbgrader logs why.
            require_sandbox()
        self.kernel_died = False
        self.printed = 0
        result: tuple[NotebookNode, ResourcesDict] = super().preprocess(nb, resources, retries)
        return result

    def preprocess_cell(
        self, cell: NotebookNode, resources: ResourcesDict, index: int
    ) -> tuple[NotebookNode, ResourcesDict]:
        if self.kernel_died:
            if cell.cell_type == "code" and cell.source.strip():
                cell.outputs = [_error(NOT_RUN)]
            return cell, resources
        try:
            result: tuple[NotebookNode, ResourcesDict] = super().preprocess_cell(
                cell, resources, index
            )
        except DeadKernelError:
            self.kernel_died = True
            cell.outputs.append(_error(f"{DIED}: {self._why_it_died()}"))
            return cell, resources
        return result

    def output(
        self, outs: list[NotebookNode], msg: dict[str, Any], display_id: str | None, index: int
    ) -> NotebookNode | None:
        """Keep a cell's output while the notebook's stays under `output_limit` characters.

        What a learner's kernel prints would otherwise be held, all of it, in the grader's
        memory (each message is bounded apart, by the kernel manager's sockets).
        """
        content = msg.get("content", {})
        size = sum(len(str(value)) for value in content.values()) if content else 0
        before, self.printed = self.printed, self.printed + size
        if self.printed > self.output_limit:
            if before <= self.output_limit:
                outs.append(new_output("stream", name="stderr", text=OUTPUT_CUT + "\n"))  # type: ignore[no-untyped-call]
            return None
        kept: NotebookNode | None = super().output(outs, msg, display_id, index)
        return kept

    def _why_it_died(self) -> str:
        provisioner = getattr(self.km, "provisioner", None)
        if isinstance(provisioner, SandboxProvisioner):
            return provisioner.why_it_ended()
        return "it exited, or was killed"


def _error(message: str) -> NotebookNode:
    error: NotebookNode = new_output(  # type: ignore[no-untyped-call]  # nbformat is untyped here
        "error", ename="DeadKernelError", evalue=message, traceback=[message]
    )
    return error
