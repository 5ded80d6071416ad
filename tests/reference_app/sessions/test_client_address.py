"""The client's address: X-Forwarded-For is believed only from a trusted proxy."""

from typing import Any

from reference_app.sessions.client_address import client_address


def scope(peer: str, forwarded: str | None = None) -> Any:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded else []
    return {"type": "http", "client": (peer, 50000), "headers": headers}


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert client_address(scope("203.0.113.7", "1.2.3.4"), []) == "203.0.113.7"


def test_a_proxy_not_trusted_is_the_client() -> None:
    assert client_address(scope("203.0.113.7", "1.2.3.4"), ["10.0.0.0/8"]) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() -> None:
    # The client sent a forged first entry; our proxy appended the address it really saw.
    seen = scope("10.0.0.2", "1.2.3.4, 198.51.100.9, 10.0.0.1")
    assert client_address(seen, ["10.0.0.0/8"]) == "198.51.100.9"


def test_a_request_from_inside_keeps_the_peer() -> None:
    assert client_address(scope("10.0.0.2", "10.0.0.3"), ["10.0.0.0/8"]) == "10.0.0.2"
