"""The one ``sys.excepthook``: an unexpected error is logged to a crash file and shown as plain words, never a trace.

Model: qutebrowser ``qutebrowser/misc/crashsignal.py``.
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

_log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def make_hook(log_path: Path, show: Callable[[str], None]) -> ExceptHook:
    """A hook that appends the traceback to ``log_path`` and calls ``show(path)`` (the crash dialog).

    Args:
        log_path: the crash log (created with its folder if needed).
        show: shows the officer a plain dialog naming the log; must not raise.
    """
    showing = False

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        nonlocal showing
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        try:
            log_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # it may quote officer input
            with os.fdopen(descriptor, "a", encoding="utf-8") as out:
                if os.name == "posix":
                    os.fchmod(out.fileno(), 0o600)  # a log from an older version, too
                out.write(f"--- {datetime.datetime.now().isoformat(timespec='seconds')}\n{text}\n")
        except OSError:
            sys.stderr.write(text)
        _log.error("unexpected error, written to %s: %s", log_path, exc_type.__name__)
        if showing:  # a failure while showing the dialog: do not recurse
            return
        showing = True
        try:
            show(str(log_path))
        finally:
            showing = False

    return hook


def install(log_path: Path, show: Callable[[str], None]) -> ExceptHook:
    """Install the crash hook; returns the previous one."""
    previous = sys.excepthook
    sys.excepthook = make_hook(log_path, show)
    return previous
