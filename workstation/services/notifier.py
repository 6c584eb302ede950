"""The one way services speak to the officer: a :class:`Notifier` with four typed signals, no string bus."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

import ledger_client


@dataclass(frozen=True, slots=True)
class Notice:
    """Something to tell the officer.

    Attributes:
        text: fixed text we wrote (safe to show as is).
        details: evidence that may hold untrusted text: show it as plain text only.
    """

    text: str
    details: str = ""


class Notifier(QObject):
    """Messages from services to whatever shows them (the main window's status bar and message boxes).

    Signals:
        info(Notice): something finished; shown briefly.
        warning(Notice): something did not work but nothing is wrong with the ledger (offline, cancelled).
        error(Notice): an operation failed; the officer should read it.
        security_alert(Notice): the ledger lied (fork or rollback): red and unmissable.
    """

    info = Signal(Notice)
    warning = Signal(Notice)
    error = Signal(Notice)
    security_alert = Signal(Notice)

    def report(self, exc: ledger_client.LedgerError) -> None:
        """Tell the officer about a ledger error on the right channel, with its evidence as details."""
        details = "\n".join(f"{k}: {v}" for k, v in exc.details().items())
        notice = Notice(exc.user_message(), details)
        if isinstance(exc, ledger_client.LogForkError):
            self.security_alert.emit(notice)
        elif isinstance(exc, ledger_client.TransportError):
            self.warning.emit(notice)
        else:
            self.error.emit(notice)
