"""SIGTERM, SIGINT and SIGHUP end the application the way File ▸ Quit does: the Qt loop returns, clean-up runs.

Python runs a signal handler only between bytecodes, and a Qt event loop waiting in C
would delay it until the next event. ``signal.set_wakeup_fd`` writes each signal's number
to a socket the loop watches (a :class:`QSocketNotifier`), so the loop wakes at once and
quits; the code after ``exec()`` then closes the session and stops the demo ledger.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, Slot

#: The signals that end the application cleanly (those that exist on this platform).
QUIT_SIGNALS: tuple[signal.Signals, ...] = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)

_Handler = Callable[[int, FrameType | None], object] | int | None


class QuitOnSignals(QObject):
    """While installed, each of ``QUIT_SIGNALS`` calls ``quit()`` once on the GUI thread.

    Args:
        quit: what ends the loop (``QApplication.quit``).

    Attributes:
        received: the last signal received, or None.
    """

    def __init__(self, quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit
        self.received: signal.Signals | None = None
        self._reader, self._writer = socket.socketpair()
        self._reader.setblocking(False)
        self._writer.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous: dict[signal.Signals, _Handler] = {}
        for sig in QUIT_SIGNALS:
            self._previous[sig] = signal.signal(sig, _note_only)
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_notifier_activated)

    @Slot()
    def _on_notifier_activated(self) -> None:
        try:
            data = self._reader.recv(64)
        except BlockingIOError:
            return
        numbers = [n for n in data if n in {int(s) for s in QUIT_SIGNALS}]
        if numbers:
            self.received = signal.Signals(numbers[-1])
            self._quit()

    def exit_code(self, code: int) -> int:
        """The process exit code: ``128 + signal`` after a quit by signal (the shell convention), else ``code``."""
        return 128 + int(self.received) if self.received is not None else code

    def uninstall(self) -> None:
        """Put back the previous handlers and wake-up descriptor."""
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _note_only(_signum: int, _frame: FrameType | None) -> None:
    """The Python-level handler: nothing to do here, the wake-up descriptor carries the signal to the loop."""
