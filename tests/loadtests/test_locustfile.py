"""The Locust scenario runs against the reference backend, and every request in it succeeds.

Locust patches the standard library with gevent as it starts, so it runs in a process of its
own here, never imported into pytest's.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from loadtests.serve import REPO_ROOT, Server

pytestmark = pytest.mark.slow

LOCUSTFILE = REPO_ROOT / "loadtests" / "locustfile.py"
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
        *(sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--host", server.url),
        *("--headless", "--users", "6", "--spawn-rate", "6", "--run-time", "5s"),
        *("--only-summary", "--json", "--skip-log-setup", "--exit-code-on-error", "1"),
        # No pauses, and three writers of the six users, so that even rare actions happen.
        *("--think-time", "0"),
        *("--config-users", json.dumps({"user_class_name": "Writer", "fixed_count": 3})),
    ]
    # An empty working directory: Locust would read a locust.conf it finds there.
    run = subprocess.run(command, capture_output=True, text=True, timeout=60, cwd=tmp_path)

    assert run.returncode == 0, f"locust exited with {run.returncode}:\n{run.stderr[-3000:]}"
    stats = {(row["method"], row["name"]): row for row in json.loads(run.stdout)}
    missing = sorted(EXPECTED - stats.keys())
    assert not missing, f"never requested: {missing}; requested: {sorted(stats)}"
    failed = {key: row["num_failures"] for key, row in stats.items() if row["num_failures"]}
    assert not failed, f"failures by request: {failed}\n{run.stderr[-3000:]}"
