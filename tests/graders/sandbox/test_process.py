"""Each limit of the sandbox, proven by code that tries to break it."""

import os
import socket
import sys
from pathlib import Path

import pytest

from graders.sandbox import Limits, Running, SandboxUnavailable, bubblewrap, cgroups, run
from tests.graders.loopback import accepted
from tests.graders.sandbox.conftest import Python, needs_sandbox

pytestmark = needs_sandbox


def test_runs_python_as_a_uid_of_its_own(python: Python) -> None:
    finished = python("import os; print(os.getuid(), os.getgid())")
    assert finished.returncode == 0, finished.output
    uid, gid = map(int, finished.output.split())
    assert uid >= 200_000
    assert gid == uid


def test_has_no_network(python: Python, listener: socket.socket) -> None:
    # Its loopback is its own: the test's listener, and the database, are out of its reach.
    port = listener.getsockname()[1]
    code = f"""
import socket
for address in [("127.0.0.1", {port}), ("127.0.0.1", 5432), ("localhost", {port})]:
    try:
        socket.create_connection(address, timeout=2)
        print("connected", address)
    except OSError:
        print("blocked", address)
"""
    finished = python(code)
    assert "connected" not in finished.output
    assert finished.output.count("blocked") == 3, finished.output
    assert accepted(listener) is None


def test_refuses_new_user_namespaces(python: Python) -> None:
    # Python 3.11 has no os.unshare: the C library's, as an attacker would call it.
    code = """
import ctypes, os, subprocess
libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWUSER = 0x10000000
print("unshare", libc.unshare(CLONE_NEWUSER), os.strerror(ctypes.get_errno()))
done = subprocess.run(["unshare", "--user", "--map-root-user", "id", "-u"], capture_output=True)
print("command", done.returncode, done.stdout.strip())
pid = os.fork()  # a new process, as every server makes, still works
if pid == 0:
    os._exit(7)
print("fork", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
"""
    finished = python(code)
    assert "unshare -1 Operation not permitted" in finished.output, finished.output
    assert "command 1 b''" in finished.output, finished.output
    assert "fork 7" in finished.output, finished.output


def test_cannot_erase_what_it_printed(python: Python) -> None:
    code = """
import os
print("EVIDENCE", flush=True)
for attempt in (lambda: os.ftruncate(1, 0), lambda: os.lseek(1, 0, os.SEEK_SET),
                lambda: open("/proc/self/fd/1", "w").close()):
    try:
        attempt()
        print("erased?", flush=True)
    except OSError as error:
        print("refused", error.errno, flush=True)
"""
    finished = python(code)
    assert finished.output.startswith("EVIDENCE\n"), finished.output
    assert finished.output.count("refused") == 3, finished.output


def test_file_system_is_read_only_but_for_scratch(python: Python) -> None:
    venv = Path(sys.prefix)
    code = f"""
for path in ["/tmp/x", "/usr/x", "/x", "{venv}/x", "/scratch/x"]:
    try:
        open(path, "w").write("x")
        print("wrote", path)
    except OSError as error:
        print("refused", path)
"""
    finished = python(code)
    assert finished.output.count("refused") == 4, finished.output
    assert "wrote /scratch/x" in finished.output
    assert not (venv / "x").exists()


def test_sees_none_of_the_course_files(python: Python) -> None:
    hidden = Path(__file__).resolve().parents[3] / "labs"
    finished = python(f"import os; print(os.path.exists({str(hidden)!r}), os.listdir('/'))")
    assert finished.output.startswith("False"), finished.output


def test_contains_a_fork_bomb(python: Python) -> None:
    code = """
import os
while True:
    try:
        os.fork()
    except OSError:
        pass
"""
    finished = python(code, Limits(wall_seconds=3, processes=32))
    assert finished.timed_out


def test_kills_a_memory_bomb(python: Python) -> None:
    finished = python("x = bytearray(4 * 1024**3); print('allocated')")
    assert finished.returncode != 0
    assert "allocated" not in finished.output
    assert "MemoryError" in finished.output


@pytest.mark.skipif(not cgroups.parents(), reason="no control group can be made here")
def test_bounds_the_memory_of_all_its_processes_together(python: Python) -> None:
    # Each process stays under its own limit (RLIMIT_AS): only their sum is too much.
    code = """
import os
children = []
for _ in range(4):
    pid = os.fork()
    if pid == 0:
        hoard = bytearray(150 * 1024**2)
        for i in range(0, len(hoard), 4096):
            hoard[i] = 1  # touch every page: the memory is really used
        os._exit(0)
    children.append(pid)
codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
print("exit codes", codes)
"""
    limits = Limits(memory_bytes=1024**3, group_memory_bytes=256 * 1024**2, wall_seconds=20)
    finished = python(code, limits)
    assert finished.out_of_memory, finished.output
    assert "-9" in finished.output  # some of the children were killed (SIGKILL)


def test_stops_an_infinite_loop_by_its_cpu_time(python: Python) -> None:
    finished = python("while True: pass", Limits(cpu_seconds=1, wall_seconds=60))
    # Stopped by its CPU time, not the clock: no wall-clock figure, which load would stretch.
    assert finished.signal == "SIGXCPU"
    assert not finished.timed_out


def test_stops_a_sleeper_by_the_wall_clock(python: Python) -> None:
    finished = python("import time; time.sleep(600)", Limits(wall_seconds=1))
    assert finished.timed_out
    assert finished.seconds < 600  # stopped by the clock, long before its sleep would end


def test_kills_what_runs_in_the_background_too(python: Python) -> None:
    code = (
        "import os, time\nif os.fork() == 0:\n    os.setsid(); time.sleep(60)\nprint('parent done')"
    )
    finished = python(code, Limits(wall_seconds=5))
    assert "done" in finished.output  # and the fixture found no sleeper left


def test_truncates_unbounded_output(python: Python) -> None:
    limits = Limits(output_bytes=1000, file_bytes=100_000, wall_seconds=10)
    finished = python("while True: print('x' * 100)", limits)
    assert finished.truncated
    assert len(finished.output) <= 1000
    assert finished.returncode != 0  # Python ignores SIGXFSZ: its write fails instead


def test_bounds_the_files_it_writes(python: Python) -> None:
    code = "open('/scratch/big', 'wb').write(b'x' * 10_000_000)"
    finished = python(code, Limits(file_bytes=1_000_000, wall_seconds=10))
    assert finished.returncode != 0


def test_trusted_mode_runs_without_a_sandbox(tmp_path: Path) -> None:
    finished = run(
        [sys.executable, "-c", "import os; print(os.getuid())"], folder=tmp_path, trusted=True
    )
    assert finished.output.strip() == str(os.getuid())


def test_says_why_when_no_sandbox_can_be_made(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bubblewrap, "sandbox_problem", lambda: "bubblewrap is not installed")
    with pytest.raises(SandboxUnavailable, match=r"not installed.*--no-sandbox"):
        bubblewrap.require_sandbox()


def test_the_clock_can_restart(tmp_path: Path) -> None:
    running = Running(
        [sys.executable, "-c", "import time; time.sleep(600)"],
        folder=tmp_path,
        limits=Limits(wall_seconds=300),
    )
    running.restart_clock(0.5)
    finished = running.wait(120)
    assert finished.timed_out
    assert finished.seconds < 300  # by the restarted clock, long before the first one


def test_groups_left_by_a_grader_that_is_gone_are_removed(tmp_path: Path) -> None:
    gone = tmp_path / "course-sandbox-999999999-1234"  # no such pid
    ours = tmp_path / cgroups.group_name(5678)
    for folder in (gone, ours):
        folder.mkdir()
    assert cgroups.remove_stale(tmp_path) == [gone]
    assert ours.exists()
