"""Syncs every N minutes, from the profile's ``auto_sync_minutes`` (0 turns it off)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Slot

from workstation.services.sync_service import SyncService

#: One minute of the timer (a module value, so a test can run the clock faster; see tests/gui/shift_officer.py).
MINUTE_MS = 60_000


class AutoSync(QObject):
    """A timer that asks the sync service for a sync; a running or paused sync service declines quietly.

    Signals:
        none: its effects are the sync service's signals.
    """

    def __init__(self, sync_service: SyncService, minutes: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sync = sync_service
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.set_interval_minutes(minutes)

    @property
    def interval_minutes(self) -> int:
        return self._timer.interval() // MINUTE_MS if self._timer.isActive() else 0

    def set_interval_minutes(self, minutes: int) -> None:
        if minutes <= 0:
            self._timer.stop()
        else:
            self._timer.start(minutes * MINUTE_MS)

    @Slot()
    def _on_timer_timeout(self) -> None:
        if not (self._sync.running or self._sync.paused):
            self._sync.sync()
