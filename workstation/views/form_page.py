"""What the four lookup pages share: a form on the left, the answer on the right, a service doing the work.

A page only shows and asks: it turns the form's texts into the kind's JSON input,
the kind's one parser (``registry.parse_query``) makes the typed query, and the
:class:`LookupService` runs it on the worker pool and answers with ``finished``
(or ``input_refused`` / ``no_verdict``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QWidget

import ledger_client
from ledger_client.credentials import JsonObject
from workstation.lookups.context import LookupContext
from workstation.lookups.inputs import InputError, parse_date
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import LookupQuery
from workstation.lookups.registry import parse_query
from workstation.services.lookup_service import LookupAnswer, LookupService
from workstation.views import field_checks
from workstation.views.lookup_form import FieldSpec, FormValues, LookupForm
from workstation.views.lookup_page import LookupPage

BLOCKED = "New verdicts are blocked until the security alert is acknowledged (View ▸ Security evidence…)."
AS_OF = "as_of"


def today_text() -> str:
    return date.today().isoformat()


def as_of_field(label: str = "&As of", name: str = AS_OF) -> FieldSpec:
    return FieldSpec(name, label, field_checks.iso_date, placeholder="YYYY-MM-DD", today=True)


def texts(values: dict[str, str], optional: tuple[str, ...]) -> JsonObject:
    """The form's texts as JSON members: empty optional fields left out, the as-of date apart."""
    return {k: v for k, v in values.items() if k != AS_OF and (v or k not in optional)}


def query_texts(query: LookupQuery) -> dict[str, str]:
    """A query's members as the texts a form shows (None as empty)."""
    return {k: "" if v is None else str(v) for k, v in query.to_json().items()}


class FormPage(LookupPage):
    """Base of the four pages. Subclasses build ``self.form`` and the answer widgets, then call :meth:`_wire`.

    Subclasses implement :meth:`input_of` (the form's texts -> the kind's JSON input), :meth:`fill`
    (a past query -> the form) and :meth:`show_answer`.
    """

    def __init__(self, service: LookupService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.form: LookupForm
        self._blocked = False
        service.running_changed.connect(self._on_service_running_changed)
        service.finished.connect(self._on_service_finished)
        service.input_refused.connect(self._on_service_input_refused)
        service.no_verdict.connect(self._on_service_no_verdict)

    def _wire(self, form: LookupForm) -> None:
        form.submitted.connect(self._on_form_submitted)
        form.cleared.connect(self._on_form_cleared)

    # ---------------------------------------------------------------- for subclasses

    def input_of(self, values: dict[str, str]) -> JsonObject:
        """The kind's JSON input from the form's texts (as in ``docs/cli.md``)."""
        raise NotImplementedError

    def as_of_of(self, values: dict[str, str]) -> date | None:
        """The date to judge at, from the form (None: the kind's default)."""
        text = values.get(AS_OF, "")
        return parse_date(text, AS_OF) if text else None

    def fill(self, query: LookupQuery, as_of: date) -> None:
        """Put a past check's query into the form."""
        self.form.clear()
        self.form.set_values({**query_texts(query), AS_OF: as_of.isoformat()})

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

    def reopen(self, query: LookupQuery, as_of: date) -> bool:
        if query.kind is not self.kind:
            return False
        self.fill(query, as_of)
        self.form.submit()
        return True

    def focus_first_field(self) -> None:
        self.form.focus_first_field()

    # ---------------------------------------------------------------- slots

    @Slot(FormValues)
    def _on_form_submitted(self, submitted: FormValues) -> None:
        if self._blocked:
            return
        values = dict(submitted.texts)
        try:
            query = parse_query(self.kind, self.input_of(values))
            as_of = self.as_of_of(values)
        except InputError as exc:
            self._on_service_input_refused(exc)
            return
        self.show_waiting("Checking against the local mirror…")
        self.service.run(query, as_of)

    @Slot()
    def _on_form_cleared(self) -> None:
        self.clear_answer()
        if any(form.can_undo_clear for form in self.findChildren(LookupForm)):
            self.notice.emit("Form cleared. Ctrl+Z brings the values back.")

    @Slot(bool)
    def _on_service_running_changed(self, running: bool) -> None:
        for form in self.findChildren(LookupForm):
            form.set_busy(running)

    @Slot(LookupAnswer)
    def _on_service_finished(self, answer: LookupAnswer) -> None:
        self.show_answer(answer.outcome, answer.context)

    @Slot(InputError)
    def _on_service_input_refused(self, exc: InputError) -> None:
        self.form.show_input_error(exc)
        self.show_waiting("No verdict: the input cannot be used (see the form).")

    @Slot(ledger_client.LedgerError)
    def _on_service_no_verdict(self, exc: ledger_client.LedgerError) -> None:  # LookupBlockedError included
        self.form.show_message(exc.user_message())
        self.show_waiting("No verdict.", exc.user_message())
