"""The login benchmark runs end to end and prints both cases and their ratio."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_the_benchmark_prints_both_cases_and_their_ratio() -> None:
    command = [
        sys.executable,
        "-m",
        "loadtests.bench_login",
        "--pairs",
        "20",  # 22 failed logins of each email, past the sign-in limit of 20 per account
        "--bcrypt-rounds",
        "4",
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, f"bench_login exited with {run.returncode}:\n{run.stderr[-3000:]}"
    for expected in ("| known email, wrong password |", "| unknown email ", "median(unknown"):
        assert expected in run.stdout, f"{expected!r} is missing from:\n{run.stdout}"
