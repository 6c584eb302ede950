"""Certificate of origin: a line filed on the ledger (by entry) or an entry line typed by the officer."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QRadioButton, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from ledger_client.credentials import JsonObject
from workstation.lookups.context import LookupContext
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import LookupQuery, OriginLine
from workstation.models.findings_model import FindingsModel
from workstation.services.lookup_service import LookupService
from workstation.views import field_checks
from workstation.views.form_page import FormPage, as_of_field, texts
from workstation.views.lookup_form import FieldSpec, LookupForm
from workstation.views.result_panel import ResultPanel


def _party_name(_key: str, label: str) -> str:
    return label


_FILED = [
    FieldSpec(
        "entry", "&Entry", field_checks.no_spaces, placeholder="entry or line id, e.g. E-1031", completion="entry"
    ),
    as_of_field(),
]
_TYPED = [
    FieldSpec("entry", "&Entry", field_checks.no_spaces, placeholder="E-9001", aliases=("line",)),
    FieldSpec("line", "Li&ne", field_checks.positive_number, required=False, placeholder="1", default=lambda: "1"),
    FieldSpec("importer", "I&mporter", placeholder="party id or name", completion="party", to_text=_party_name),
    FieldSpec(
        "exporter", "E&xporter", required=False, placeholder="party id or name", completion="party", to_text=_party_name
    ),
    FieldSpec("origin", "Ori&gin country", field_checks.country, placeholder="MX"),
    FieldSpec("hts", "HTS&US number", field_checks.htsus, placeholder="7323.93.0045", completion="hs"),
    FieldSpec("spi", "&SPI", field_checks.spi, required=False, placeholder="from the certification's agreement"),
    FieldSpec("import_date", "Import da&te", field_checks.iso_date, placeholder="YYYY-MM-DD"),
    FieldSpec("claim_date", "Cla&im date", field_checks.iso_date, placeholder="YYYY-MM-DD"),
    FieldSpec("certification", "Certificati&on", required=False, placeholder="C-U-001", completion="certificate"),
    as_of_field(),
]
_OPTIONAL = ("exporter", "spi", "certification")


class OriginPage(FormPage):
    """An origin claim's verdict: the entry (filed) or the typed line, and an as-of date."""

    kind = LookupKind.ORIGIN

    def __init__(self, service: LookupService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.filed_button = QRadioButton("Filed on the le&dger", self)
        self.typed_button = QRadioButton("Ty&ped entry line", self)
        self.filed_button.setChecked(True)
        self.filed_form = LookupForm(service, _FILED, f"{self.kind.value}-filed", self)
        self.typed_form = LookupForm(service, _TYPED, f"{self.kind.value}-typed", self)
        self.forms = QStackedWidget(self)
        self.forms.addWidget(self.filed_form)
        self.forms.addWidget(self.typed_form)
        self.form = self.filed_form
        self.result = ResultPanel(FindingsModel(self), self)
        modes = QHBoxLayout()
        modes.addWidget(self.filed_button)
        modes.addWidget(self.typed_button)
        modes.addStretch(1)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(modes)
        left_layout.addWidget(self.forms, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(self.result)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 700])
        QHBoxLayout(self).addWidget(splitter)
        for form in (self.filed_form, self.typed_form):
            self._wire(form)
        self.typed_button.toggled.connect(self._on_typed_button_toggled)

    @Slot(bool)
    def _on_typed_button_toggled(self, typed: bool) -> None:
        self.form = self.typed_form if typed else self.filed_form
        self.forms.setCurrentWidget(self.form)
        self.form.focus_first_field()

    def input_of(self, values: dict[str, str]) -> JsonObject:
        if self.form is self.filed_form:
            return {"entry": values["entry"]}
        raw = texts(values, _OPTIONAL)
        raw["line"] = int(values["line"] or "1")
        return raw

    def fill(self, query: LookupQuery, as_of: date) -> None:
        (self.typed_button if isinstance(query, OriginLine) else self.filed_button).setChecked(True)
        super().fill(query, as_of)

    def show_answer(self, outcome: LookupOutcome, context: LookupContext) -> None:
        self.result.show_outcome(outcome, context)

    def show_waiting(self, text: str, detail: str = "") -> None:
        self.result.show_message(text, detail)

    def clear_answer(self) -> None:
        self.result.clear()
