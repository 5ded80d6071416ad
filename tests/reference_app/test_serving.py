"""`python -m reference_app serve`: with several workers, every log line keeps one format."""

import re
import time
from pathlib import Path

import httpx
import pytest

from loadtests.serve import reference_server
from reference_app.serving import uvicorn_options
from reference_app.settings import Settings

pytestmark = pytest.mark.slow
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR) [\w.]+: ")


def _log_once(path: Path, text: str, times: int, within: float = 120.0) -> str:
    """The log at `path` once `text` stands in it `times` times (or as it is after `within` s)."""
    deadline = time.monotonic() + within
    while True:
        log = path.read_text()
        if log.count(text) >= times or time.monotonic() > deadline:
            return log
        time.sleep(0.1)


def test_with_two_workers_the_access_log_keeps_the_format_with_time_and_level() -> None:
    with reference_server(workers=2, seed=False, log_level="INFO") as server:
        with httpx.Client(base_url=server.url) as client:
            for _ in range(20):
                assert client.get("/api/tags").status_code == 200
        # A worker writes its access line just after it answers: wait for all 20. The first
        # worker may serve all 20 before the second has started on a busy machine: wait for the
        # second's start line too (the bounds are only for lines that never come).
        path = server.data_dir / "server.log"
        _log_once(path, '"GET /api/tags"', times=20)
        log = _log_once(path, "Started server process", times=2)
    lines = [line for line in log.splitlines() if line.strip()]
    access = [line for line in lines if "reference_app.access" in line and "/api/tags" in line]
    assert len(access) == 20, log[-3000:]
    workers = {line for line in lines if "Started server process" in line}
    assert len(workers) >= 2, log[-3000:]
    for line in lines:
        if not line.startswith((" ", "Conduit API on", "Traceback")):
            assert LINE.match(line), f"a log line out of format: {line!r}"


def test_the_server_uses_h11_with_a_head_limit_and_the_bounded_protocol() -> None:
    options = uvicorn_options(Settings(environment="test"))
    assert options["http"].endswith(":BoundedH11Protocol")
    assert options["h11_max_incomplete_event_size"] == 16 * 1024
    assert options["access_log"] is False


def test_uvicorn_leaves_the_client_address_alone_and_serves_the_given_certificate(
    tmp_path: Path,
) -> None:
    """X-Forwarded-For is the app's to read (TRUSTED_PROXIES), never uvicorn's."""
    cert, key = tmp_path / "localhost.crt", tmp_path / "localhost.key"
    options = uvicorn_options(Settings(environment="test", tls_certfile=cert, tls_keyfile=key))
    assert options["proxy_headers"] is False
    assert (options["ssl_certfile"], options["ssl_keyfile"]) == (cert, key)
    plain = uvicorn_options(Settings(environment="test"))
    assert (plain["ssl_certfile"], plain["ssl_keyfile"]) == (None, None)
