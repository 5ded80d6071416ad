"""A seccomp filter that refuses new user namespaces, handed to bubblewrap (`--seccomp FD`).

Inside a user namespace of its own a process is root again: it may mount, and it reaches parts
of the kernel that an unprivileged process never does. bubblewrap's `--disable-userns` needs
`--unshare-user`, whose one-uid map cannot hold the uid of its own that each sandbox runs
under; so the filter does it, as Flatpak's does: `unshare` and `clone` asking for a new user
namespace fail with EPERM, `setns` with EPERM, and `clone3` (whose flags a filter cannot read)
with ENOSYS, so that the C library falls back to `clone`. System calls of another ABI (x32,
i386) are refused, their numbers being other calls'.
"""

import errno
import os
import platform
import struct
from dataclasses import dataclass

CLONE_NEWUSER = 0x10000000
# struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6] (little-endian).
NR, ARCH, ARG0 = 0, 4, 16
X32_BIT = 0x40000000

# BPF opcodes (linux/filter.h, linux/seccomp.h)
LOAD = 0x20  # BPF_LD | BPF_W | BPF_ABS
JEQ = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
JSET = 0x45  # BPF_JMP | BPF_JSET | BPF_K
RET = 0x06  # BPF_RET | BPF_K
ALLOW = 0x7FFF0000
ERRNO = 0x00050000


@dataclass(frozen=True)
class Abi:
    arch: int  # AUDIT_ARCH_*
    clone: int
    unshare: int
    setns: int
    clone3: int
    x32: bool = False  # whether calls with X32_BIT set reach the same table


ABIS = {
    "x86_64": Abi(0xC000003E, clone=56, unshare=272, setns=308, clone3=435, x32=True),
    "aarch64": Abi(0xC00000B7, clone=220, unshare=97, setns=268, clone3=435),
}


def _instruction(code: int, k: int, jt: int = 0, jf: int = 0) -> bytes:
    return struct.pack("=HBBI", code, jt, jf, k)


def program(abi: Abi) -> bytes:
    """The filter as the kernel reads it: an array of struct sock_filter."""
    eperm, enosys = ERRNO | errno.EPERM, ERRNO | errno.ENOSYS
    # Jumps are relative: each target is counted from the instruction after the jump.
    body = [
        _instruction(LOAD, ARCH),
        _instruction(JEQ, abi.arch, jt=1, jf=0),
        _instruction(RET, eperm),  # another ABI: its numbers mean other calls
        _instruction(LOAD, NR),
        _instruction(JSET, X32_BIT if abi.x32 else 0, jt=0, jf=1),
        _instruction(RET, eperm),
        _instruction(JEQ, abi.clone3, jt=0, jf=1),
        _instruction(RET, enosys),
        _instruction(JEQ, abi.setns, jt=0, jf=1),
        _instruction(RET, eperm),
        _instruction(JEQ, abi.unshare, jt=1, jf=0),
        _instruction(JEQ, abi.clone, jt=0, jf=3),
        # The flags of unshare and clone: CLONE_NEWUSER is in their low word.
        _instruction(LOAD, ARG0),
        _instruction(JSET, CLONE_NEWUSER, jt=0, jf=1),
        _instruction(RET, eperm),
        _instruction(RET, ALLOW),
    ]
    return b"".join(body)


def native_abi() -> Abi | None:
    """This machine's ABI, if the filter knows its system call numbers."""
    return ABIS.get(platform.machine())


def filter_fd() -> int:
    """A file descriptor holding the filter for bubblewrap to read (ValueError: unknown ABI).

    The caller passes it to the sandbox's process (`pass_fds`) and closes it once started.
    """
    abi = native_abi()
    if abi is None:
        raise ValueError(f"no seccomp filter is known for {platform.machine()}")
    fd = os.memfd_create("course-seccomp")  # close-on-exec: passed on by pass_fds only
    os.write(fd, program(abi))
    os.lseek(fd, 0, os.SEEK_SET)
    return fd
