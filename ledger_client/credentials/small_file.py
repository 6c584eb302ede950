"""Reading a small secret file safely: no symlink followed, no wait on a FIFO, a regular file only, a size limit.

Key files (the officer's signing key, a supervisor's protected key) are read with
this one function; each caller turns a :class:`SmallFileError` into its own error.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass


class SmallFileError(ValueError):
    """The file cannot be used: ``problem`` is ``unreadable`` (cannot be opened or read) or ``malformed``
    (not a regular file, or larger than the limit)."""

    def __init__(self, message: str, *, path: str, problem: str) -> None:
        super().__init__(message)
        self.path = path
        self.problem = problem


@dataclass(frozen=True, slots=True)
class SmallFile:
    """The bytes of a small regular file and its mode bits (as read through the open descriptor)."""

    data: bytes
    mode: int

    @property
    def private(self) -> bool:
        """Whether neither group nor others have any access (always True where modes do not apply)."""
        return os.name != "posix" or not stat.S_IMODE(self.mode) & 0o077


def read_small_file(path: str | os.PathLike[str], *, limit: int) -> SmallFile:
    """Open without following a symlink (where the platform allows), check it is a regular file, read at most
    ``limit`` bytes.

    Raises:
        SmallFileError: it cannot be read, is not a regular file, or is larger than ``limit``.
    """
    target = os.fspath(path)
    try:
        # O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer; a regular file reads as usual.
        descriptor = os.open(target, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            data = handle.read(limit + 1) if stat.S_ISREG(mode) else b""
    except OSError as exc:
        raise SmallFileError("the file cannot be read", path=target, problem="unreadable") from exc
    if not stat.S_ISREG(mode) or len(data) > limit:
        raise SmallFileError("the file is not a small regular file", path=target, problem="malformed")
    return SmallFile(data, mode)
