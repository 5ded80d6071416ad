"""How busy the machine was while a load test ran: the load generator, the server, and everyone
else on the CPUs they ran on.

A figure measured while other processes took the server's CPU says more about them than about
the server; a generator that used its whole core measured itself. `Sampler` watches both
through one run, so the verdict can say when its numbers are not to be trusted.
"""

import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

import psutil  # type: ignore[import-untyped,unused-ignore]


@dataclass(frozen=True, slots=True)
class Usage:
    """CPU use over one run, in cores (1.0: one core, all the time) or shares of the CPUs."""

    seconds: float
    generator_cores: float  # the load generator's mean (its busiest process's, if several)
    generator_peak: float  # the highest of a process over one sampling interval
    server_cores: float | None  # None when the server is not ours to watch (by URL)
    others_share: float  # of the CPUs the run used, the share other processes took
    steal_share: float  # of those CPUs' time, the share the hypervisor gave to other machines
    load_average: float  # the 1-minute load average at the end
    cpus: list[int]  # the CPUs watched: the pinned ones, or all


def pinning(cpu_count: int | None = None, *, processes: int = 1) -> tuple[str, str] | None:
    """The CPUs of the server and of the generator (`taskset -c` lists), when there are two:
    the server gets the last, the generator the one before, or every other one when it runs
    in several `processes` (a master and its workers)."""
    cpus = sorted(os.sched_getaffinity(0)) if cpu_count is None else list(range(cpu_count))
    if len(cpus) < 2:
        return None
    generator = cpus[:-1] if processes > 1 else cpus[-2:-1]
    return str(cpus[-1]), ",".join(map(str, generator))


def _busy_and_total(cpus: list[int]) -> tuple[float, float, float]:
    """Busy, total and stolen CPU seconds so far on these CPUs."""
    per_cpu = psutil.cpu_times(percpu=True)
    busy = total = steal = 0.0
    for index in cpus:
        times = per_cpu[index]
        idle = times.idle + getattr(times, "iowait", 0.0)
        whole = sum(times) - getattr(times, "guest", 0.0) - getattr(times, "guest_nice", 0.0)
        busy += whole - idle
        total += whole
        steal += getattr(times, "steal", 0.0)
    return busy, total, steal


def _cpu_seconds(process: psutil.Process | None) -> float:
    """CPU seconds of a process and its children so far; 0 once it is gone."""
    if process is None:
        return 0.0
    try:
        tree = [process, *process.children(recursive=True)]
        return sum(sum(each.cpu_times()[:2]) for each in tree)
    except psutil.NoSuchProcess:
        return 0.0


def _server_seconds(processes: list[psutil.Process]) -> float:
    return sum(_cpu_seconds(each) for each in processes)


class Sampler:
    """Samples the generator's processes, the server and the CPUs, in a thread of its own.

    Locust is one process, or a master and its workers: each uses at most one CPU, so each is
    judged on its own, and the busiest one is the generator's figure.
    """

    def __init__(
        self,
        generator_pids: list[int],
        server_pid: int | Sequence[int] | None,
        cpus: list[int],
        interval: float = 1.0,
    ) -> None:
        # The server may be several processes: a sandboxed app and the relay that reaches it.
        pids = [server_pid] if isinstance(server_pid, int) else list(server_pid or ())
        self._generators = [psutil.Process(pid) for pid in generator_pids]
        self._server = [psutil.Process(pid) for pid in pids]
        self._cpus = cpus
        self._interval = interval
        self._stopped = threading.Event()
        self._peak = 0.0
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> "Sampler":
        self._start = time.monotonic()
        self._generators_from = [_cpu_seconds(each) for each in self._generators]
        self._server_from = _server_seconds(self._server)
        self._busy_from, self._total_from, self._steal_from = _busy_and_total(self._cpus)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stopped.set()
        self._thread.join()

    def _watch(self) -> None:
        last, last_at = list(self._generators_from), time.monotonic()
        while not self._stopped.wait(self._interval):
            now_at = time.monotonic()
            now = [_cpu_seconds(each) for each in self._generators]
            for before, after in zip(last, now, strict=True):
                if after:  # 0 once the process has exited: not a sample
                    self._peak = max(self._peak, (after - before) / max(now_at - last_at, 1e-6))
            last, last_at = now, now_at

    def usage(self, generator_cpu_seconds: list[float]) -> Usage:
        """Usage from entering until now. The generator's CPU seconds, one figure a process,
        come from their exit statuses (`os.wait4`): an exited process can no longer be asked."""
        seconds = max(time.monotonic() - self._start, 1e-6)
        generators = [
            spent - before
            for spent, before in zip(generator_cpu_seconds, self._generators_from, strict=True)
        ]
        server = _server_seconds(self._server) - self._server_from if self._server else None
        busy, total, steal = _busy_and_total(self._cpus)
        busy, total, steal = (
            busy - self._busy_from,
            total - self._total_from,
            steal - self._steal_from,
        )
        ours = sum(generators) + (server or 0.0)
        busiest = max(generators) / seconds
        return Usage(
            seconds=seconds,
            generator_cores=busiest,
            generator_peak=max(self._peak, busiest),
            server_cores=None if server is None else server / seconds,
            others_share=max(0.0, busy - ours) / max(total, 1e-6),
            steal_share=steal / max(total, 1e-6),
            load_average=os.getloadavg()[0],
            cpus=self._cpus,
        )
