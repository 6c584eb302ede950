"""WORKAROUND for PySide6 6.12 on CPython 3.11: ``SignalInstance.emit`` returns ``True`` without a new reference.

Every ``signal.emit(...)`` made from Python then drops one reference to ``True``;
after a few hundred emits the interpreter aborts with "bool_dealloc: deallocating
True or False" (CPython 3.12+ makes ``True`` immortal and hides it). :func:`install`
measures one emit and, only if it loses a reference, wraps ``emit`` to give the
reference back. It is idempotent and does nothing once PySide6 is fixed.
pyproject.toml pins PySide6 below 6.12 (6.11 is not affected); this stays as a guard for a
later upgrade. FIXME(#8): remove once a fixed 6.12.x is pinned (report upstream).
"""

from __future__ import annotations

import ctypes
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, SignalInstance

_lock = threading.Lock()
_installed = False


class _Probe(QObject):
    fired = Signal()


def emit_loses_a_reference() -> bool:
    """True when one Python-side emit leaves ``True`` with one reference fewer."""
    probe = _Probe()
    before = sys.getrefcount(True)
    probe.fired.emit()
    return sys.getrefcount(True) < before


def install() -> bool:
    """Wrap ``SignalInstance.emit`` if it loses a reference; returns whether the wrapper is in place."""
    global _installed  # noqa: PLW0603 - one process-wide patch, applied once
    with _lock:
        if _installed:
            return True
        if not emit_loses_a_reference():
            return False
        original: Callable[..., object] = SignalInstance.emit

        def emit(self: SignalInstance, *args: object) -> object:
            result = original(self, *args)
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))  # the reference emit did not give us
            return result

        SignalInstance.emit = emit  # type: ignore[method-assign,assignment]
        _installed = True
        return True
