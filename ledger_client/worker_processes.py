"""Worker processes that never outlive the process that started them.

A :class:`concurrent.futures.ProcessPoolExecutor` worker waits on its task queue;
when its parent is SIGKILLed (a crash, a test, an impatient officer) nothing
tells it to stop, and it lingers. :func:`die_with_parent`, passed as the pool's
``initializer`` with the parent's pid, makes it exit: on Linux the kernel sends
it SIGKILL when the parent dies (``PR_SET_PDEATHSIG``), and everywhere a daemon
thread checks once a second that the parent is still there.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Pool initializer: exit as soon as process ``parent`` is gone."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before we got here
        os._exit(0)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def process_pool(workers: int) -> concurrent.futures.ProcessPoolExecutor:
    """A pool of ``workers`` spawned processes (never forked from a process with threads) tied to this one."""
    return concurrent.futures.ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=die_with_parent,
        initargs=(os.getpid(),),
    )
