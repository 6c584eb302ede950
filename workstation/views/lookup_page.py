"""The slot a lookup page plugs into: the :class:`LookupPage` base and the factory type.

``app.py`` passes the main window a :data:`LookupPageFactory`; the window asks it
for one page per kind, in :class:`~workstation.lookups.kind.LookupKind` order
(Ctrl+1 to Ctrl+4), and titles each tab from the kind's spec.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from workstation.lookups.kind import LookupKind
from workstation.lookups.queries import LookupQuery
from workstation.services.lookup_service import LookupService


class LookupPage(QWidget):
    """Base class of a lookup page: a keyboard-driven form and its results, asking its :class:`LookupService`.

    Subclasses set :attr:`kind` and override :meth:`set_verdicts_blocked` (keep showing data,
    refuse new verdicts), :meth:`reopen` (show a past check) and :meth:`focus_first_field`.

    Signals:
        notice(str): a short message for the window's status bar ("Form cleared ...").
    """

    notice = Signal(str)

    #: The lookup this page shows.
    kind: ClassVar[LookupKind]

    def __init__(self, service: LookupService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: The service that runs this page's lookups (the shell listens to its answers too).
        self.service = service
        self.setObjectName(f"lookup_{self.kind.value}")

    def set_verdicts_blocked(self, blocked: bool) -> None:
        """A security alert is unacknowledged (True) or was acknowledged (False)."""
        self.setEnabled(not blocked)

    def reopen(self, query: LookupQuery, as_of: date) -> bool:
        """Show a past check of this page's kind again and run it; False when the page cannot show it."""
        return False

    def focus_first_field(self) -> None:
        self.setFocus()


#: Builds the page of one lookup kind (the composition root binds it to the session's services).
LookupPageFactory = Callable[[LookupKind], LookupPage]
