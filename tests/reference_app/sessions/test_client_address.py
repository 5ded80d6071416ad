"""The client's address: X-Forwarded-For is believed only from a trusted proxy."""

from typing import Any

from reference_app.sessions.client_address import client_address


def scope(peer: str, forwarded: str | None = None) -> Any:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "http", "client": (peer, 50000), "headers": headers}


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address(scope("127.113.0.7", "127.1.2.4"), []) == "127.113.0.7"


def test_a_proxy_not_trusted_is_the_client() -> None:
    assert client_address(scope("127.113.0.7", "127.1.2.4"), ["127.10.0.0/16"]) == "127.113.0.7"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() -> None:
    # The client sent a forged first entry; our proxy appended the address it really saw.
    seen = scope("127.10.0.2", "127.1.2.4, 127.51.100.9, 127.10.0.1")
    assert client_address(seen, ["127.10.0.0/16"]) == "127.51.100.9"


def test_a_request_from_inside_keeps_the_peer() -> None:
    assert client_address(scope("127.10.0.2", "127.10.0.3"), ["127.10.0.0/16"]) == "127.10.0.2"
