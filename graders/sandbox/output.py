"""What a sandboxed command prints, read from a pipe by the grader as it comes.

A file the command writes to, it could truncate or rewrite through its own descriptor; what
the grader has read from a pipe is out of its reach. The first `kept` bytes are held; the rest
is read and counted, up to `drained` bytes in all: then the pipe is closed and the command's
further writes fail (EPIPE), as writes past RLIMIT_FSIZE would.
"""

import os
import select
import threading

CHUNK = 64 * 1024
POLL_MS = 200  # how often the reader looks whether it was asked to stop


class Output:
    """The output of one command: its first `kept` bytes, and how many it printed in all."""

    def __init__(self, fd: int, *, kept: int, drained: int) -> None:
        self._fd = fd
        self._kept_limit = kept
        self._drained = drained
        self._kept = bytearray()
        self._total = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._read, name="sandbox-output", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        poller = select.poll()
        poller.register(self._fd, select.POLLIN | select.POLLHUP)
        try:
            while self._total <= self._drained and not self._stop.is_set():
                if not poller.poll(POLL_MS):
                    continue
                chunk = os.read(self._fd, CHUNK)
                if not chunk:
                    return
                with self._lock:
                    room = self._kept_limit - len(self._kept)
                    if room > 0:
                        self._kept += chunk[:room]
                    self._total += len(chunk)
        finally:
            os.close(self._fd)
            self._done.set()

    def wait(self, seconds: float) -> bool:
        """Until the pipe is closed by every writer (or `seconds` pass); whether it was."""
        return self._done.wait(seconds)

    def close(self) -> None:
        """Stop reading: call `wait` first, which reads to the end once the writers are gone."""
        self._stop.set()
        self._done.wait()

    def taken(self) -> tuple[bytes, int]:
        """The bytes kept, and how many were printed in all (counted up to `drained`)."""
        with self._lock:
            return bytes(self._kept), self._total
