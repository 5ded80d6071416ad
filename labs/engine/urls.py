"""A server's URL as a learner types it: said plainly when it cannot be checked."""

import socket

CONNECT_SECONDS = 3


def url_problem(url: str) -> str | None:
    """What is wrong with checking `url` (no scheme, nothing listening there), or None."""
    import httpx  # here: `course check` in-process, the usual case, starts faster without it

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        return f"{url!r} is not a URL ({error})"
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return (
            f"{url!r} needs its scheme and host, like http://127.0.0.1:8001 "
            "(the address `course serve` prints)"
        )
    port = parsed.port or (443 if parsed.scheme == "https" else 80)
    try:
        with socket.create_connection((parsed.host, port), timeout=CONNECT_SECONDS):
            return None
    except OSError:
        return f"nothing is listening at {url}: start your server first (`course serve`)"
