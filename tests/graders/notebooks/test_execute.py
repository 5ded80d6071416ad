"""GradingExecute: the kernel in the sandbox, and a notebook graded past its kernel's death."""

from pathlib import Path

import pytest
import zmq
from jupyter_client.manager import AsyncKernelManager
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_notebook

from graders.notebooks.execute import DIED, NOT_RUN, OUTPUT_CUT, GradingExecute
from graders.notebooks.kernel import MAX_MESSAGE_BYTES, SandboxedKernelManager
from graders.sandbox import SandboxUnavailable, bubblewrap
from tests.graders.sandbox.conftest import needs_sandbox


def _notebook(*sources: str) -> NotebookNode:
    return new_notebook(
        cells=[new_code_cell(source) for source in sources],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
    )


def _run(notebook: NotebookNode, folder: Path, *, sandbox: bool) -> NotebookNode:
    # No cell here loops: a generous limit, so that a busy machine never fails a print.
    execute = GradingExecute(sandbox=sandbox, timeout=120)
    ran, _ = execute.preprocess(notebook, {"metadata": {"path": str(folder)}})
    return ran


def test_the_kernel_starts_in_the_sandbox_unless_told_not_to() -> None:
    assert GradingExecute().kernel_manager_class is SandboxedKernelManager
    assert GradingExecute(sandbox=False).kernel_manager_class is AsyncKernelManager


@pytest.mark.parametrize("sandbox", [pytest.param(True, marks=needs_sandbox), False])
def test_a_notebook_is_graded_up_to_the_cell_that_killed_its_kernel(
    tmp_path: Path, sandbox: bool
) -> None:
    """The cells before it keep their outputs; it and every cell after it get an error."""
    notebook = _notebook("print('before')", "import os\nos._exit(3)", "print('after')", "")
    before, fatal, after, empty = _run(notebook, tmp_path, sandbox=sandbox).cells
    # A busy kernel may send one print as several stream messages: read them as one text.
    assert "".join(output["text"] for output in before.outputs) == "before\n"
    assert fatal.outputs[-1]["evalue"].startswith(DIED)
    assert after.outputs[0]["evalue"] == NOT_RUN
    assert empty.outputs == []


@needs_sandbox
def test_a_sandboxed_kernel_says_how_it_died(tmp_path: Path) -> None:
    notebook = _notebook("import os\nos._exit(3)")
    (fatal,) = _run(notebook, tmp_path, sandbox=True).cells
    assert fatal.outputs[-1]["evalue"] == f"{DIED}: it exited (code 3)"


def test_grading_refuses_to_run_when_no_sandbox_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bubblewrap, "sandbox_problem", lambda: "bubblewrap is not installed")
    with pytest.raises(SandboxUnavailable, match="bubblewrap is not installed"):
        _run(_notebook("print('never')"), tmp_path, sandbox=True)


def _stream(text: str) -> dict[str, object]:
    return {
        "msg_type": "stream",
        "header": {"msg_type": "stream"},
        "parent_header": {"msg_id": "cell"},
        "content": {"name": "stdout", "text": text},
    }


def test_a_notebooks_output_is_kept_up_to_its_limit_then_cut_once() -> None:
    execute = GradingExecute(sandbox=False, output_limit=1000)
    execute.reset_execution_trackers()  # as a run does first, and each cell
    execute.clear_before_next_output = False
    outs: list[NotebookNode] = []
    for _ in range(50):
        execute.output(outs, _stream("x" * 100), None, 0)
    kept = "".join(out.get("text", "") for out in outs)
    assert kept.count("x") <= 1000
    assert kept.count(OUTPUT_CUT) == 1


def test_the_kernels_messages_are_bounded_on_the_graders_sockets() -> None:
    client = SandboxedKernelManager().client()
    socket = client.context.socket(zmq.SUB)
    try:
        assert socket.getsockopt(zmq.MAXMSGSIZE) == MAX_MESSAGE_BYTES
    finally:
        socket.close()
        client.context.destroy()
