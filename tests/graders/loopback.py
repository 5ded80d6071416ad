"""A listener on the host's loopback, for sandboxed code to try to reach: it must get nothing.

Tests of network isolation send nothing beyond 127.0.0.0/8 and ::1, even where a sandbox should
stop it: they prove isolation with a listener of their own instead.
"""

import socket
from collections.abc import Iterator

import pytest


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP listener on 127.0.0.1, never waiting when asked what it accepted."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        server.setblocking(False)
        yield server


def accepted(server: socket.socket) -> tuple[str, int] | None:
    """The address of a connection the listener got, if it got one."""
    try:
        connection, address = server.accept()
    except BlockingIOError:
        return None
    connection.close()
    return (str(address[0]), int(address[1]))
