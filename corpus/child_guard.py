"""What every process that selfeval starts for a run does first: die with its parent,
and map at most so much memory beyond what it inherits."""

from __future__ import annotations

import ctypes
import os
import resource
import signal

#: ``prctl`` option: the signal a child gets when its parent dies (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None) -> None:
    """Ask Linux to kill this child if its parent dies (even by ``kill -9``), so an
    orphan never keeps working, or keeps the run's lock file open, after its driver.

    ``parent`` is the pid the child must have as its parent (the forking driver), or
    None when a fork server is the parent; a child whose parent is already gone exits.
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if parent is not None and os.getppid() != parent:
        os._exit(1)


def mapped_now() -> int:
    """The address space this process maps already (what a forked child inherits from
    its parent: a test runner with the OCR models loaded maps gigabytes), 0 where the
    system does not say."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def cap_address_space(max_memory: int) -> None:
    """Let this process map at most ``max_memory`` bytes beyond what it maps now."""
    cap = mapped_now() + max_memory
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
