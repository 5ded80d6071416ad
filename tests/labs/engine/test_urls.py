"""A URL the learner typed: said plainly when it cannot be checked."""

import socket

import pytest

from labs.engine.urls import url_problem
from tests.labs.conftest import free_port


@pytest.mark.parametrize("url", ["127.0.0.1:8001", "localhost:8001/api", "ftp://127.0.0.1"])
def test_a_url_without_http_or_https_is_refused_with_an_example(url: str) -> None:
    assert "like http://127.0.0.1:8001" in (url_problem(url) or "")


def test_nothing_listening_is_said_with_what_to_do() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    assert (
        url_problem(url)
        == f"nothing is listening at {url}: start your server first (`course serve`)"
    )


def test_a_server_that_listens_is_fine() -> None:
    with socket.create_server(("127.0.0.1", 0)) as listener:
        assert url_problem(f"http://127.0.0.1:{listener.getsockname()[1]}") is None
