"""What the four lookup pages share: a form on the left, the answer on the right, a service doing the work.

A page only shows and asks: the :class:`LookupService` runs the lookup on the worker
pool and reports ``context`` then ``finished`` (or ``failed``).
"""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

import ledger_client
from workstation.lookups.inputs import InputError
from workstation.lookups.outcome import LookupOutcome
from workstation.services.lookup_context import LookupContext
from workstation.services.lookup_service import LookupService
from workstation.store.audit import AuditRecord
from workstation.views import field_checks
from workstation.views.lookup_form import FieldSpec, LookupForm
from workstation.views.lookup_page import LookupKind, LookupPage

BLOCKED = "New verdicts are blocked until the security alert is acknowledged (View ▸ Security evidence…)."


def as_of_field(label: str = "&As of", name: str = "as_of") -> FieldSpec:
    return FieldSpec(name, label, field_checks.iso_date, placeholder="YYYY-MM-DD", today=True)


def optional_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


class FormPage(LookupPage):
    """Base of the four pages. Subclasses build ``self.form`` and the answer widgets, then call :meth:`_wire`.

    Subclasses implement :meth:`run` (values -> a service call), :meth:`fill` (an audit input -> values)
    and :meth:`show_answer`.
    """

    #: The audit action this page re-opens (``check origin`` ...).
    action = ""

    def __init__(self, kind: LookupKind, service: LookupService, parent: QWidget | None = None) -> None:
        super().__init__(kind, parent)
        self.service = service
        self.form: LookupForm
        self._context = LookupContext()
        self._blocked = False
        service.running_changed.connect(self._on_service_running_changed)
        service.context.connect(self._on_service_context)
        service.finished.connect(self._on_service_finished)
        service.failed.connect(self._on_service_failed)

    def _wire(self, form: LookupForm) -> None:
        form.submitted.connect(self._on_form_submitted)
        form.cleared.connect(self._on_form_cleared)

    # ---------------------------------------------------------------- for subclasses

    def run(self, values: dict[str, str]) -> None:
        raise NotImplementedError

    def fill(self, query: dict[str, object]) -> bool:
        """Put a past check's input into the form; False when it cannot be shown."""
        raise NotImplementedError

    def show_answer(self, outcome: LookupOutcome, context: LookupContext) -> None:
        raise NotImplementedError

    def show_waiting(self, text: str, detail: str = "") -> None:
        raise NotImplementedError

    def clear_answer(self) -> None:
        raise NotImplementedError

    # ---------------------------------------------------------------- LookupPage

    def set_verdicts_blocked(self, blocked: bool) -> None:
        """Disable the page while blocked (its last answer stays on screen) and say why."""
        super().set_verdicts_blocked(blocked)
        self._blocked = blocked
        for form in self.findChildren(LookupForm):
            form.setEnabled(not blocked)
            form.show_message(BLOCKED if blocked else "")

    def reopen(self, record: AuditRecord) -> bool:
        if record.action != self.action:
            return False
        try:
            query = json.loads(record.input)
        except ValueError:
            return False
        if not isinstance(query, dict) or not self.fill(query):
            return False
        self.form.submit()
        return True

    def focus_first_field(self) -> None:
        self.form.focus_first_field()

    # ---------------------------------------------------------------- slots

    @Slot(dict)
    def _on_form_submitted(self, values: dict[str, str]) -> None:
        if self._blocked:
            return
        self.show_waiting("Checking against the local mirror…")
        self.run(values)

    @Slot()
    def _on_form_cleared(self) -> None:
        self.clear_answer()
        if any(form.can_undo_clear for form in self.findChildren(LookupForm)):
            self.notice.emit("Form cleared. Ctrl+Z brings the values back.")

    @Slot(bool)
    def _on_service_running_changed(self, running: bool) -> None:
        for form in self.findChildren(LookupForm):
            form.set_busy(running)

    @Slot(LookupContext)
    def _on_service_context(self, context: LookupContext) -> None:
        self._context = context

    @Slot(LookupOutcome)
    def _on_service_finished(self, outcome: LookupOutcome) -> None:
        self.show_answer(outcome, self._context)

    @Slot(Exception)
    def _on_service_failed(self, exc: Exception) -> None:
        if isinstance(exc, InputError):
            self.form.show_input_error(str(exc))
            self.show_waiting("No verdict: the input cannot be used (see the form).")
        elif isinstance(exc, ledger_client.LedgerError):  # LookupBlockedError included
            self.form.show_message(exc.user_message())
            self.show_waiting("No verdict.", exc.user_message())
        else:  # pragma: no cover - the service only reports the errors above
            self.show_waiting("No verdict.", "The check could not be run.")
