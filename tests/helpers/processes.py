"""The process tree of a running program, read from ``/proc`` (Linux): who its descendants are, whether they live.

Used by the tests that check that ``workstation --demo`` leaves no ledger node or witness
behind, however it ends.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

_PROC = Path("/proc")


@dataclass(frozen=True, slots=True)
class ProcessInfo:
    pid: int
    ppid: int
    state: str
    cmdline: str


def read(pid: int) -> ProcessInfo | None:
    """One process, or None once it is gone (a zombie counts as gone: it runs nothing)."""
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
        raw = (_PROC / str(pid) / "cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError):
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses; split after the last ")".
    state, ppid = stat[stat.rindex(")") + 2 :].split()[:2]
    if state in {"Z", "X"}:
        return None
    return ProcessInfo(pid, int(ppid), state, raw.replace(b"\0", b" ").decode("utf-8", "replace").strip())


def all_processes() -> list[ProcessInfo]:
    found = (read(int(p.name)) for p in _PROC.iterdir() if p.name.isdigit())
    return [p for p in found if p is not None]


def children(parent: int) -> list[int]:
    """The pids of the live processes whose parent is ``parent``."""
    return [proc.pid for proc in all_processes() if proc.ppid == parent]


def descendants(root: int) -> list[ProcessInfo]:
    """Every live process below ``root`` (children, their children, ...)."""
    table = all_processes()
    below: list[ProcessInfo] = []
    parents = {root}
    grown = True
    while grown:
        grown = False
        for proc in table:
            if proc.ppid in parents and proc.pid not in parents:
                parents.add(proc.pid)
                below.append(proc)
                grown = True
    return below


def alive(pids: list[int]) -> list[ProcessInfo]:
    """Those of ``pids`` that still run."""
    found = (read(pid) for pid in pids)
    return [p for p in found if p is not None]


def wait_until_gone(pids: list[int], timeout: float) -> list[ProcessInfo]:
    """Poll until none of ``pids`` runs or ``timeout`` passes; returns the survivors (empty when all ended)."""
    deadline = time.monotonic() + timeout
    survivors = alive(pids)
    while survivors and time.monotonic() < deadline:
        time.sleep(0.1)
        survivors = alive(pids)
    return survivors


def wait_until_file(path: Path, timeout: float) -> bool:
    """Poll until ``path`` exists or ``timeout`` passes; True when it exists."""
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    return path.exists()
