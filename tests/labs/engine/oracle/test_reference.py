"""The reference's server beside in-process checks: it answers, it is stopped, it never lingers."""

import signal
import subprocess
import sys

import psutil

from labs.engine.oracle.reference import ReferenceServer

HOLDER = """
import time
from labs.engine.oracle.reference import ReferenceServer
server = ReferenceServer()
print(server.process.pid, flush=True)
server.api()
print("ready", flush=True)
time.sleep(600)
"""


def test_the_server_answers_then_is_stopped_and_its_folder_removed() -> None:
    server = ReferenceServer()
    try:
        reply = server.api().get("/health")
        assert reply.status == 200, reply.summary()
        assert server.api().post("/api/users", {"user": {}}).status == 422
    finally:
        server.stop()
    assert server.process.poll() is not None
    assert not server.folder.exists()


def test_the_server_ends_when_the_process_that_started_it_is_killed() -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    pid = int(holder.stdout.readline())
    try:
        assert holder.stdout.readline().strip() == "ready"
        server = psutil.Process(pid)
        holder.send_signal(signal.SIGKILL)  # no chance to stop anything
        holder.wait()
        server.wait(timeout=60)  # ends on its own, having seen its input close
    finally:
        holder.kill()
        holder.wait()
        if psutil.pid_exists(pid):
            psutil.Process(pid).kill()
