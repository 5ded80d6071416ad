"""A closed-loop load generator: N connections, each sending its next request as soon as the
last answer is in. Run it in a process of its own, apart from the server it measures:

    python -m loadtests.generator http://127.0.0.1:8000/api/tags --connections 32 --duration 10

It prints one JSON object (see `Result`): the requests answered in the measured window, the
failed ones, every latency in milliseconds, and the CPU seconds spent meanwhile by the generator
(and by the server, given `--server-pid`). A generator near 100% of a core is measuring itself
as much as the server.
"""

import argparse
import asyncio
import contextlib
import json
import resource
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import asdict, dataclass, field
from typing import Any

import httpx
import psutil  # type: ignore[import-untyped,unused-ignore]

REQUEST_TIMEOUT = 10.0


@dataclass(slots=True)
class Result:
    seconds: float = 0.0
    answered: int = 0
    failed: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    cpu_seconds: float = 0.0
    server_cpu_seconds: float | None = None


def _tree_cpu_seconds(pid: int) -> float:
    """CPU seconds used so far by a process and its children (a server's workers)."""
    parent = psutil.Process(pid)
    return sum(sum(p.cpu_times()[:2]) for p in [parent, *parent.children(recursive=True)])


def _own_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def measure_window(
    result: Result,
    connections: list["asyncio.Task[None]"],
    measure_from: float,
    measure_until: float,
    server_pid: int | None,
) -> None:
    """Count the generator's and the server's CPU over the measured window, then let the
    connections finish (they stop asking once the window has passed)."""
    await asyncio.sleep(max(0.0, measure_from - time.perf_counter()))
    cpu_from = _own_cpu_seconds()
    server_cpu_from = _tree_cpu_seconds(server_pid) if server_pid is not None else 0.0
    await asyncio.sleep(max(0.0, measure_until - time.perf_counter()))
    result.cpu_seconds = _own_cpu_seconds() - cpu_from
    if server_pid is not None:
        result.server_cpu_seconds = _tree_cpu_seconds(server_pid) - server_cpu_from
    await asyncio.gather(*connections)


async def generate(
    url: str, connections: int, duration: float, warmup: float, server_pid: int | None = None
) -> Result:
    """Load `url` for `warmup` seconds unmeasured, then `duration` seconds measured."""
    result = Result()
    started = time.perf_counter()
    measure_from = started + warmup
    measure_until = measure_from + duration

    async def connection() -> None:
        # A client per connection: in one shared pool every request scans all the others,
        # which with 32 connections tripled the generator's CPU per request.
        limits = httpx.Limits(max_connections=1)
        async with httpx.AsyncClient(limits=limits, timeout=REQUEST_TIMEOUT) as client:
            while (sent := time.perf_counter()) < measure_until:
                try:
                    response = await client.get(url)
                    ok = response.status_code < 400
                except httpx.HTTPError:
                    ok = False
                answered = time.perf_counter()
                # Only answers that arrive inside the window count, and only if asked inside it.
                if measure_from <= sent and answered <= measure_until:
                    result.answered += 1
                    result.failed += not ok
                    result.latencies_ms.append((answered - sent) * 1000)

    tasks = [asyncio.create_task(connection()) for _ in range(connections)]
    await measure_window(result, tasks, measure_from, measure_until, server_pid)
    result.seconds = duration
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loadtests.generator", description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds measured")
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds before measuring")
    parser.add_argument("--server-pid", type=int, help="also measure this process tree's CPU")
    args = parser.parse_args(argv)
    run: Callable[[Coroutine[Any, Any, Result]], Result] = asyncio.run
    with contextlib.suppress(ImportError):  # uvloop (uvicorn[standard]) leaves the server more CPU
        import uvloop

        run = uvloop.run
    result = run(generate(args.url, args.connections, args.duration, args.warmup, args.server_pid))
    json.dump(asdict(result), sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
