"""The client's address: the connection's, unless a trusted proxy says who it relays for.

Anyone can send an `X-Forwarded-For` naming any address. Believed blindly, it gives an
attacker a fresh address for every request, and per-address limits count nothing. So the
header is read only when the connection comes from a proxy listed in TRUSTED_PROXIES, and then
from the right: each proxy appends the address it received from, so the rightmost entry that is
not one of our proxies is the first one we did not write ourselves, the client as our edge saw
it.
"""

import ipaddress
from collections.abc import Sequence
from functools import cache

from litestar.types import Scope

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@cache
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def client_address(scope: Scope, proxies: Sequence[str]) -> str:
    client = scope.get("client")
    peer = client[0] if client else "unknown"
    if not proxies:
        return peer  # no proxy is trusted: no header can name another address
    # --- lab 07: client_address ---
    networks = trusted_networks(tuple(proxies))
    if not _is_within(peer, networks):
        return peer
    forwarded = [
        value.decode("latin-1")
        for name, value in scope["headers"]
        if name.lower() == b"x-forwarded-for"
    ]
    hops = [hop.strip() for line in forwarded for hop in line.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_within(hop, networks):
            return hop
    return peer  # every hop is one of our proxies: the request began inside
    # --- end lab 07: client_address ---


def _is_within(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False  # not an address (a test client's name, garbage in a header)
    return any(ip in network for network in networks)
