"""Hostile cells, each handed in as a learner's answer to one exercise.

Each prints `RAN <name>` first, so that the autograded notebook proves it ran, then tries what
the sandbox must stop, printing a word of success (READ-OK, FORGED, NETWORK-OK, KILLED, SWAPPED)
only if it got through. `$fields` are filled with the real paths, port and pid, as by an attacker
who knows the course's layout. Those that end their kernel first wait a little, so that their
marker leaves the kernel before it dies.
"""

from string import Template

ATTACKS = {
    # The instructor's notebook, the autograded notebooks of learners graded earlier, and the
    # gradebook, which keeps the source of every test cell: all hold the hidden tests.
    "read_source": """
print("RAN read_source", flush=True)
from pathlib import Path

for target in ["$source", "$workdir/autograded", "$workdir/gradebook.db"]:
    found = Path(target)
    try:
        files = [found] if found.is_file() else sorted(found.rglob("*.ipynb"))
        if not files:
            raise FileNotFoundError(target)
        for file in files:
            print("READ-OK", file, file.read_text(errors="replace"))
    except OSError as error:
        print("refused:", target, type(error).__name__)
""",
    # A manual score overrides every automatic one, for everyone, even after regrading.
    "forge_grades": """
print("RAN forge_grades", flush=True)
import sqlite3

try:
    gradebook = sqlite3.connect("file:$workdir/gradebook.db?mode=rw", uri=True)
    gradebook.execute("UPDATE grade SET manual_score = 99")
    gradebook.commit()
    print("FORGED the gradebook")
except sqlite3.Error as error:
    print("refused:", type(error).__name__, error)
try:
    with open("$workdir/forged.txt", "w") as file:
        file.write("forged")
    print("FORGED a file")
except OSError as error:
    print("refused:", type(error).__name__, error)
""",
    # The database, and a port the test listens on, both on the host's loopback: the sandbox's
    # loopback is its own. (Only loopback: no test sends anything further, even to be refused.)
    "network": """
print("RAN network", flush=True)
import socket

for host, port in [("127.0.0.1", 5432), ("127.0.0.1", $port), ("localhost", $port)]:
    try:
        socket.create_connection((host, port), timeout=3).close()
        print("NETWORK-OK", host, port)
    except OSError as error:
        print("refused:", host, port, type(error).__name__)
""",
    "fork_bomb": """
print("RAN fork_bomb", flush=True)
import os
import time

time.sleep(0.5)
while True:
    os.fork()
""",
    "memory_bomb": """
print("RAN memory_bomb", flush=True)
import time

time.sleep(0.5)
hoard = []
while True:
    hoard.append(b"x" * (64 * 1024 * 1024))
""",
    # Unsandboxed, the kernel's parent is the grader itself.
    "kill_parent": """
print("RAN kill_parent", flush=True)
import os
import signal
import time

for pid in (os.getppid(), $grader_pid):
    try:
        os.kill(pid, signal.SIGKILL)
        print("KILLED", pid)
    except OSError as error:
        print("refused:", pid, type(error).__name__)
time.sleep(0.5)
os._exit(0)
""",
    # The grader connects to the kernel's sockets by path: a swapped one would lead it elsewhere.
    "swap_sockets": """
print("RAN swap_sockets", flush=True)
import os

from ipykernel.kernelapp import IPKernelApp

folder = os.path.dirname(IPKernelApp.instance().abs_connection_file)
try:
    for name in os.listdir(folder):
        os.unlink(os.path.join(folder, name))
        os.symlink("/run/elsewhere.sock", os.path.join(folder, name))
    print("SWAPPED", folder)
except OSError as error:
    print("refused:", type(error).__name__, error)
""",
}
SUCCESS_WORDS = ("READ-OK", "FORGED", "NETWORK-OK", "KILLED", "SWAPPED")


def attack(name: str, **fields: object) -> str:
    """The attack's cell source, its `$fields` filled in."""
    return Template(ATTACKS[name]).substitute({key: str(value) for key, value in fields.items()})
