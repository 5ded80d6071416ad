"""The Locust scenario runs against the reference backend, and every request in it succeeds.

Locust patches the standard library with gevent as it starts, so it runs in a process of its
own here, never imported into pytest's.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from loadtests.serve import REPO_ROOT, Server

pytestmark = pytest.mark.slow

LOCUSTFILE = REPO_ROOT / "loadtests" / "locustfile.py"
UNTIL_EVERY_REQUEST_RAN = Path(__file__).with_name("until_every_request_ran.py")
EXPECTED = {
    ("POST", "/api/users"),
    ("GET", "/api/articles"),
    ("GET", "/api/articles?tag=[tag]"),
    ("GET", "/api/articles?offset=[n]"),
    ("GET", "/api/articles/[slug]"),
    ("GET", "/api/articles/[slug]/comments"),
    ("GET", "/api/tags"),
    ("POST", "/api/articles"),
    ("POST", "/api/articles/[slug]/comments"),
    ("POST", "/api/articles/[slug]/favorite"),
    ("POST", "/api/profiles/[username]/follow"),
    ("GET", "/api/articles/feed"),
}


def test_every_request_of_the_scenario_runs_and_succeeds(server: Server, tmp_path: Path) -> None:
    command = [
        *(sys.executable, "-m", "locust", "--host", server.url),
        *("-f", f"{LOCUSTFILE},{UNTIL_EVERY_REQUEST_RAN}"),
        # The run ends once every expected request ran; the run time only bounds one that never
        # does, so a busy machine makes it slower, never wrong.
        *("--headless", "--users", "6", "--spawn-rate", "6", "--run-time", "120s"),
        *("--only-summary", "--json", "--skip-log-setup", "--exit-code-on-error", "1"),
        # No pauses, and three writers of the six users, so that even rare actions happen.
        *("--think-time", "0"),
        *("--config-users", json.dumps({"user_class_name": "Writer", "fixed_count": 3})),
    ]
    # An empty working directory: Locust would read a locust.conf it finds there.
    expected = json.dumps(sorted(EXPECTED))
    run = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        env={**os.environ, "COURSE_EXPECTED_REQUESTS": expected},
    )

    assert run.returncode == 0, f"locust exited with {run.returncode}:\n{run.stderr[-3000:]}"
    stats = {(row["method"], row["name"]): row for row in json.loads(run.stdout)}
    missing = sorted(EXPECTED - stats.keys())
    assert not missing, f"never requested: {missing}; requested: {sorted(stats)}"
    failed = {key: row["num_failures"] for key, row in stats.items() if row["num_failures"]}
    assert not failed, f"failures by request: {failed}\n{run.stderr[-3000:]}"
