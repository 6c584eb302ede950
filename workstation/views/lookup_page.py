"""The slot the four lookup forms plug into: :class:`LookupKind`, the :class:`LookupPage` base, the factory type.

``app.py`` passes the main window a :data:`LookupPageFactory`; the window asks it
for one page per kind, in :class:`LookupKind` order (Ctrl+1 to Ctrl+4).
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from workstation.store.audit import AuditRecord


class LookupKind(enum.Enum):
    """The four lookups, in shortcut order; the value is the tab title (with its mnemonic)."""

    CERTIFICATE_OF_ORIGIN = "Certificate of &origin"
    LICENCE_CHAIN = "&License chain"
    PRODUCT_CHECK = "&Product check"
    SUPPLIER_HISTORY = "&Supplier history"

    @property
    def title(self) -> str:
        return self.value.replace("&", "")


class LookupPage(QWidget):
    """Base class of a lookup page: a keyboard-driven form and its results.

    Subclasses override :meth:`set_verdicts_blocked` (keep showing data, refuse new
    verdicts), :meth:`reopen` (show a past check from the audit log) and
    :meth:`focus_first_field`.

    Signals:
        notice(str): a short message for the window's status bar ("Form cleared ...").
    """

    notice = Signal(str)

    def __init__(self, kind: LookupKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"lookup_{kind.name.lower()}")

    def set_verdicts_blocked(self, blocked: bool) -> None:
        """A security alert is unacknowledged (True) or was acknowledged (False)."""
        self.setEnabled(not blocked)

    def reopen(self, record: AuditRecord) -> bool:
        """Show the past check ``record``; return False when it is not this page's kind."""
        return False

    def focus_first_field(self) -> None:
        self.setFocus()


#: Builds the page of one lookup kind (the composition root binds it to the session's services).
LookupPageFactory = Callable[[LookupKind], LookupPage]
