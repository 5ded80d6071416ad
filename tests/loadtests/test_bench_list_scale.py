"""The scale benchmark runs end to end; each list sends as many queries at both sizes."""

import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow

ROW = re.compile(r"^\| (?P<name>[a-z ]+?) +\|(?P<cells>.*)\|$")


def test_each_list_sends_the_same_number_of_queries_at_both_sizes() -> None:
    command = [sys.executable, "-m", "loadtests.bench_list_scale", "--sizes", "30", "90"]
    run = subprocess.run([*command, "--repeats", "2"], capture_output=True, text=True, timeout=300)

    assert run.returncode == 0, f"bench_list_scale exited with {run.returncode}:\n{run.stderr}"
    rows = {
        match["name"]: [cell.strip() for cell in match["cells"].split("|")]
        for line in run.stdout.splitlines()
        if (match := ROW.match(line)) and match["name"] != "list"
    }
    assert len(rows) == 8, f"expected a row per list, got:\n{run.stdout}"
    for name, cells in rows.items():
        queries_small, queries_large = cells[-2:]
        assert queries_small == queries_large, f"{name}: queries grew with the table:\n{run.stdout}"
        assert 1 <= int(queries_small) <= 4, f"{name}: {queries_small} queries:\n{run.stdout}"
