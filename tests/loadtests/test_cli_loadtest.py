"""`course loadtest` refuses what it cannot run with a clear message, before starting anything."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from labs.engine.cli import main


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["loadtest", "99", "--url", "http://127.0.0.1:9"], "there is no load test for lab '99'"),
        (["loadtest", "01", "--url", "ftp://example.org"], "--url"),
        (["loadtest", "01", "-w", "{tmp}/nothing-here"], "is not a workspace"),
        (["loadtest", "01", "--url", "http://127.0.0.1:9", "--users", "0"], "--users"),
        (["loadtest", "01", "--url", "http://127.0.0.1:9", "--workers", "-1"], "--workers"),
    ],
    ids=["unknown lab", "bad url", "no workspace", "no users", "negative workers"],
)
def test_what_cannot_run_is_refused(arguments: list[str], message: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, [each.format(tmp=tmp_path) for each in arguments])

    assert result.exit_code == 2 or "not a workspace" in message, result.output
    assert result.exit_code != 0
    assert message in result.output, result.output
