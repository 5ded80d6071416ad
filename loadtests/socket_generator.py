"""A closed-loop load generator on bare sockets, fast enough to measure a hello-world server.

`loadtests.generator` sends its requests through httpx, which costs the generator about as much
CPU per request as a small server spends answering it: against a server that answers 10,000
requests a second it measures itself. This one writes one prepared request per connection and
reads the answer's head only as far as its status and `content-length`, so one core keeps
up with several server cores. It prints the same JSON as `loadtests.generator`:

    python -m loadtests.socket_generator http://127.0.0.1:8000/health --connections 32

Every answer must carry a `content-length` (the servers measured here always send one); a
chunked or unframed answer counts as failed, and the connection is opened anew.
"""

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import asdict
from typing import Any
from urllib.parse import urlsplit

from loadtests.generator import REQUEST_TIMEOUT, Result, measure_window

HEAD_END = b"\r\n\r\n"


class UnframedAnswer(Exception):
    """An answer this generator cannot delimit: no content-length, or no answer at all."""


def request_bytes(url: str) -> tuple[str, int, bytes]:
    """The host, port and the bytes of one keep-alive GET of `url`."""
    parts = urlsplit(url)
    if parts.scheme != "http" or parts.hostname is None:
        raise ValueError(f"only http:// URLs with a host are supported, not {url!r}")
    port = parts.port or 80
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    head = f"GET {target} HTTP/1.1\r\nHost: {parts.hostname}:{port}\r\nAccept: */*\r\n\r\n"
    return parts.hostname, port, head.encode("ascii")


async def read_answer(reader: asyncio.StreamReader) -> int:
    """Read one whole answer and return its status code."""
    head = await reader.readuntil(HEAD_END)
    status = int(head[9:12])
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
            break
    if length is None:
        raise UnframedAnswer(f"an answer with status {status} has no content-length")
    if length:
        await reader.readexactly(length)
    return status


async def generate(
    url: str, connections: int, duration: float, warmup: float, server_pid: int | None = None
) -> Result:
    """Load `url` for `warmup` seconds unmeasured, then `duration` seconds measured."""
    host, port, request = request_bytes(url)
    result = Result()
    started = time.perf_counter()
    measure_from = started + warmup
    measure_until = measure_from + duration

    async def connection() -> None:
        while time.perf_counter() < measure_until:
            try:
                reader, writer = await asyncio.wait_for(
                    asyncio.open_connection(host, port), REQUEST_TIMEOUT
                )
            except (OSError, TimeoutError):
                result.failed += measure_from <= time.perf_counter() <= measure_until
                await asyncio.sleep(0.01)
                continue
            try:
                while (sent := time.perf_counter()) < measure_until:
                    writer.write(request)
                    try:
                        status = await asyncio.wait_for(read_answer(reader), REQUEST_TIMEOUT)
                    except (OSError, TimeoutError, UnframedAnswer, asyncio.IncompleteReadError):
                        status = 0
                    answered = time.perf_counter()
                    if measure_from <= sent and answered <= measure_until:
                        result.answered += 1
                        result.failed += not 200 <= status < 400
                        result.latencies_ms.append((answered - sent) * 1000)
                    if status == 0:
                        break  # the connection is in an unknown state: open another
            finally:
                writer.close()
                with contextlib.suppress(OSError):
                    await writer.wait_closed()

    tasks = [asyncio.create_task(connection()) for _ in range(connections)]
    await measure_window(result, tasks, measure_from, measure_until, server_pid)
    result.seconds = duration
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loadtests.socket_generator", description=__doc__
    )
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    parser.add_argument("--server-pid", type=int, help="also measure this process tree's CPU")
    args = parser.parse_args(argv)
    run: Callable[[Coroutine[Any, Any, Result]], Result] = asyncio.run
    with contextlib.suppress(ImportError):
        import uvloop

        run = uvloop.run
    result = run(generate(args.url, args.connections, args.duration, args.warmup, args.server_pid))
    json.dump(asdict(result), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
