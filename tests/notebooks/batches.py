"""A batch graded once per test run, whichever test worker asks first.

Grading a batch takes most of a minute; with pytest-xdist every worker would grade its own. The
first worker to ask grades it, the others wait for it and read what it wrote (the pattern
pytest-xdist documents for session fixtures).
"""

import fcntl
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Summary = dict[str, Any]  # what a batch's tests read, as JSON


def grade_once(
    tmp_path_factory: pytest.TempPathFactory,
    worker_id: str,
    name: str,
    grade: Callable[[Path], Summary],
) -> Summary:
    """`grade(folder)` once per test run; every worker gets the summary it returned."""
    if worker_id == "master":  # no workers: nothing to share
        return grade(tmp_path_factory.mktemp(name))
    root = tmp_path_factory.getbasetemp().parent
    summary = root / f"{name}.json"
    with (root / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not summary.exists():
            folder = root / name
            folder.mkdir()
            summary.write_text(json.dumps(grade(folder)))
    loaded: Summary = json.loads(summary.read_text())
    return loaded
