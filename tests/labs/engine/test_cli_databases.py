"""`course check NN --database-url`: the learner's app checked on PostgreSQL or MariaDB."""

import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from labs.engine.catalog import get_lab
from labs.engine.cli import main
from labs.engine.workspace import create, reference_sources
from tests.conftest import SERVERS, _answers
from tests.labs.conftest import free_port
from tests.labs.engine.test_databases import _names

LAB = get_lab("02")  # it looks inside the app: its stored hashes are read on that server too


# PostgreSQL runs every lab in the matrix (tests/labs/test_matrix.py): MariaDB here, once.
@pytest.mark.parametrize("backend", ["mariadb"])
def test_the_reference_scores_full_on_a_database_server(tmp_path: Path, backend: str) -> None:
    url, address = SERVERS[backend]
    if not _answers(address):
        pytest.skip(f"{backend} does not answer on {address[0]}:{address[1]}")
    workspace = create(tmp_path / "workspace", reference_sources(), [LAB.number]).root
    before = set(_names(url))
    command = ["check", LAB.number, "-w", str(workspace), "--hidden", "--database-url", url]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output  # every check passed
    full = LAB.points + LAB.hidden_points
    assert f"Total: {full}/{full} points" in result.output  # none of them n/a
    assert set(_names(url)) - before == set()  # its database was dropped after


def test_a_server_that_does_not_answer_is_said_so(tmp_path: Path) -> None:
    workspace = create(tmp_path / "workspace", reference_sources(), [LAB.number]).root
    nobody = f"postgresql+asyncpg://postgres@127.0.0.1:{free_port()}"  # nothing listens there
    result = CliRunner().invoke(
        main, ["check", LAB.number, "-w", str(workspace), "--database-url", nobody]
    )
    assert result.exit_code == 2
    assert "does not answer as a database server" in result.output


def test_database_url_is_refused_with_url() -> None:
    with socket.socket() as listener:  # a server of our own, so that --url itself is fine
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        command = ["check", "02", "--url", url, "--database-url", SERVERS["postgresql"][0]]
        result = CliRunner().invoke(main, command)
    assert result.exit_code == 2
    assert "--database-url is for your workspace's app" in result.output
