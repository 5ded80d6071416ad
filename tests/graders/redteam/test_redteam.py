"""Hostile submissions graded in one batch with honest ones: none earns a point it did not earn.

An honest learner (the reference) must get full marks in the same batch, each attack's code must
be seen to run, the batch must complete, and nothing may be left running or changed.
"""

import socket
import sys
from pathlib import Path

import pytest

from graders.labs import Grade
from graders.sandbox import cgroups, processes_of, sandbox_problem
from tests.graders.loopback import accepted
from tests.graders.redteam.batch import ATTACKS, LAB, grade_attacks, proofs

pytestmark = pytest.mark.skipif(
    sandbox_problem() is not None, reason=f"no sandbox here: {sandbox_problem()}"
)

ROOT = Path(__file__).resolve().parents[3]
# What the sandbox is expected to have done, where it ends an attack (cgroups permitting).
# sleep_past_limit blocks the app's loop: lab 01's few checks give up on each stuck request at
# their own limit and end before the time limit, and the app is stopped with them (that no
# process of it is left is checked for every attack; the time limit itself, in test_process.py
# and test_grade.py).
STOPPED = {
    # By its CPU time, or by the wall clock first when the machine is busy.
    "infinite_loop": ("CPU time ran out", "time limit"),
    "unbounded_output": ("output was cut",),
    "memory_in_many_processes": ("more memory than allowed",),
}

# What the checks say of an answer they refused to read.
ANSWERED = {"compressed_bomb": "expands past"}


def _tampered() -> list[Path]:
    """What the attacks would have written, had they reached it (others edit labs/ meanwhile)."""
    places = ("/tmp/pwned", "/etc/pwned", "/usr/pwned")  # noqa: S108 - the attacks aim there
    found = [Path(p) for p in places if Path(p).exists()]
    found += [p for p in Path(sys.prefix).rglob("zz_pwned.pth")]
    found += [p for p in (ROOT / "labs").rglob("*.py") if p.read_bytes() == b"pwned"]
    return found


def _wrongs(attack: Path, grade: Grade, starter: Grade, honest: Grade) -> list[str]:
    """What went wrong with one attack's grade: nothing, when the sandbox held."""
    name, wrongs = attack.stem, []
    if grade.score > starter.score:
        passed = [c.id for c in grade.checks if c.status == "passed"]
        wrongs.append(f"{name} earned {grade.score} points: {passed}")
    if grade.max_score != honest.max_score:
        wrongs.append(f"{name} was graded out of {grade.max_score}")
    if proofs(attack) and not any(proof in grade.server_output for proof in proofs(attack)):
        wrongs.append(f"{name}'s code never ran: {grade.error or grade.server_events}")
    # Patching pytest in its own process is no harm (checks run in the grader's): not a sign.
    for sign in ("NETWORK-OK", "NAMESPACE-OK", "def test_"):
        if sign in grade.server_output:
            wrongs.append(f"{name} printed {sign}: {grade.server_output[-500:]}")
    lines = grade.server_output.splitlines()
    # Its own scratch folder is the one place a sandbox may write.
    wrote = [line for line in lines if line.startswith("WROTE") and " /scratch" not in line]
    if wrote:
        wrongs.append(f"{name} wrote outside its scratch folder: {wrote}")
    said = ANSWERED.get(name)
    if said and not any(said in check.message for check in grade.checks):
        wrongs.append(f"{name}: no check says {said!r}: {[c.message for c in grade.checks]}")
    if "CLEAN" in grade.server_output:  # what erase_output writes over its output
        wrongs.append(f"{name} rewrote what it had printed: {grade.server_output[:200]!r}")
    expected = STOPPED.get(name, ())
    if name == "memory_in_many_processes" and not cgroups.parents():
        expected = ()  # without a control group, only each process's memory is bounded
    stopped = [e for e in grade.server_events if any(phrase in e for phrase in expected)]
    if expected and not stopped:
        wrongs.append(f"{name} was not stopped by any of {expected}: {grade.server_events}")
    if grade.uid is not None and processes_of(grade.uid):
        wrongs.append(f"{name} left processes running: {processes_of(grade.uid)}")
    return wrongs


def test_there_are_at_least_sixteen_attacks() -> None:
    assert len(ATTACKS) >= 16


def test_a_batch_of_attacks_earns_nothing_and_an_honest_learner_everything(
    tmp_path: Path, listener: socket.socket
) -> None:
    """One test, so that the batch runs once even when the suite runs on several workers."""
    port = listener.getsockname()[1]
    batch = grade_attacks(tmp_path / "submissions", tmp_path / "grades", port)
    assert set(batch) == {"honest", "starter", *(a.stem for a in ATTACKS)}
    honest, starter = batch["honest"], batch["starter"]
    assert honest.error == ""
    assert honest.score == honest.max_score == LAB.points + LAB.hidden_points
    assert honest.outside_edits == []
    assert honest.server_events == []
    assert batch["conftest_plugin"].outside_edits == ["conftest.py"]
    wrongs = [w for a in ATTACKS for w in _wrongs(a, batch[a.stem], starter, honest)]
    assert not wrongs, "\n".join(wrongs)
    assert _tampered() == [], "a submission changed files outside its sandbox"
    assert accepted(listener) is None, "a submission reached the host's loopback"
    rows = (tmp_path / "grades" / "gradebook.csv").read_text().splitlines()
    assert len(rows) == 1 + len(batch)
    summary = (tmp_path / "grades" / "summary.md").read_text()
    assert f"grades of {len(batch)} submissions" in summary
