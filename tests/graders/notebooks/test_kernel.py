"""The sandboxed kernel: what a cell can see and do in it, and what is left once it ends."""

import json
import socket
from pathlib import Path
from string import Template
from typing import Any

import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_notebook

from graders.notebooks.course import Course
from graders.notebooks.kernel import SandboxedKernelManager, kernel_env, shared_package_dirs
from graders.sandbox import processes_of
from graders.sandbox.process import FIRST_UID
from tests.graders.sandbox.conftest import needs_sandbox

REPOSITORY = Path(__file__).resolve().parents[3]
# The first cell prints, as JSON, what it finds out about the kernel it runs in.
FACTS = Template("""
import json, os, socket
from pathlib import Path

from ipykernel.kernelapp import IPKernelApp

def can(action):
    try:
        action()
        return True
    except Exception:
        return False

sockets = os.path.dirname(IPKernelApp.instance().abs_connection_file)
print(json.dumps({
    "uid": os.getuid(),
    "cwd": os.getcwd(),
    "sockets": sockets,
    "secret": os.environ.get("COURSE_TEST_SECRET"),
    "sees_source": Path("$source").exists(),
    "sees_graders": Path("$graders").exists(),
    "imports_reference_app": can(lambda: __import__("reference_app.app")),
    "adds_a_socket": can(lambda: Path(sockets, "kernel-9").touch()),
    "removes_a_socket": can(lambda: os.unlink(os.path.join(sockets, "kernel-1"))),
    "writes_scratch": can(lambda: Path("/scratch/note").write_text("x")),
    "writes_tmp": can(lambda: Path("/tmp/note").write_text("x")),
    "connects": can(lambda: socket.create_connection(("127.0.0.1", $port), timeout=2)),
}))
""")
LOOP = "while True:\n    pass"
# Only the loop waits for its timeout, which ends it by design; every other cell is given all
# the time a busy machine needs (a 3 s limit for every cell failed on a loaded 2-core machine).
LOOP_SECONDS = 3
CELL_SECONDS = 300


@pytest.fixture(scope="module")
def ran() -> dict[str, Any]:
    """A notebook run in a sandboxed kernel: what its cells printed, and what the grader saw."""
    with (
        socket.create_server(("127.0.0.1", 0)) as listener,
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setenv("COURSE_TEST_SECRET", "the grader's secret")
        source = Course().source_notebooks()[0]
        facts = FACTS.substitute(
            source=source, graders=REPOSITORY / "graders", port=listener.getsockname()[1]
        )
        notebook = new_notebook(
            cells=[new_code_cell(code) for code in (facts, LOOP, "print('after the loop')")],
            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}},
        )
        NotebookClient(
            notebook,
            kernel_manager_class=SandboxedKernelManager,
            timeout_func=lambda cell: LOOP_SECONDS if cell.source == LOOP else CELL_SECONDS,
            allow_errors=True,
            interrupt_on_timeout=True,
            resources={"metadata": {"path": str(source.parent)}},  # nbgrader asks for this cwd
        ).execute()
        listener.setblocking(False)
        try:
            listener.accept()[0].close()
            connected = True
        except BlockingIOError:
            connected = False
    return {
        "facts": json.loads(notebook.cells[0].outputs[0]["text"]),
        "cells": notebook.cells,
        "grader_saw_a_connection": connected,
    }


@needs_sandbox
def test_cells_run_under_a_uid_of_their_own_in_the_scratch_folder(ran: dict[str, Any]) -> None:
    assert ran["facts"]["uid"] >= FIRST_UID
    assert ran["facts"]["cwd"] == "/scratch"
    assert ran["facts"]["writes_scratch"]
    assert not ran["facts"]["writes_tmp"]


@needs_sandbox
def test_cells_see_neither_the_course_nor_the_graders(ran: dict[str, Any]) -> None:
    """The source notebooks (hidden tests) and the grader's code are not in the sandbox."""
    assert not ran["facts"]["sees_source"]
    assert not ran["facts"]["sees_graders"]


@needs_sandbox
def test_cells_import_the_reference_app(ran: dict[str, Any]) -> None:
    """The notebooks build the reference app: its package is there, read-only."""
    assert ran["facts"]["imports_reference_app"]


@needs_sandbox
def test_cells_reach_no_port_of_the_grader(ran: dict[str, Any]) -> None:
    assert not ran["facts"]["connects"]
    assert not ran["grader_saw_a_connection"]


@needs_sandbox
def test_cells_get_none_of_the_graders_environment(ran: dict[str, Any]) -> None:
    assert ran["facts"]["secret"] is None


@needs_sandbox
def test_the_socket_folder_is_taken_back_once_the_kernel_listens(ran: dict[str, Any]) -> None:
    """A cell cannot swap a socket the grader connects to for another."""
    assert not ran["facts"]["adds_a_socket"]
    assert not ran["facts"]["removes_a_socket"]


@needs_sandbox
def test_a_loop_is_interrupted_and_the_kernel_goes_on(ran: dict[str, Any]) -> None:
    """The timeout interrupts the kernel by message: the next cell runs in the same kernel."""
    loop, after = ran["cells"][1], ran["cells"][2]
    assert [output.get("ename") for output in loop.outputs] == ["KeyboardInterrupt"]
    assert after.outputs[0]["text"] == "after the loop\n"


@needs_sandbox
def test_nothing_is_left_once_the_kernel_ends(ran: dict[str, Any]) -> None:
    """No process of the sandbox's uid, and no socket folder."""
    assert processes_of(ran["facts"]["uid"]) == []
    assert not Path(ran["facts"]["sockets"]).parent.exists()


def test_shared_packages_are_the_reference_app_only() -> None:
    """The editable install's reference_app is bound in; graders and labs are not."""
    assert shared_package_dirs() == [REPOSITORY / "reference_app"]


def test_kernel_env_passes_on_only_what_nbgrader_sets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    monkeypatch.setenv("DATABASE_URL", "postgresql://grader:secret@db/course")
    assert kernel_env() == {"PYTHONDONTWRITEBYTECODE": "1", "NBGRADER_EXECUTION": "autograde"}
