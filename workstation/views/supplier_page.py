"""Supplier history: the rating with its triggers, the supplier's records, and a chart of its record over time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ledger_client.credentials import JsonObject
from trade.suppliers import SupplierHistory
from workstation.lookups.context import LookupContext
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.models import status_style
from workstation.models.records_model import RecordsModel
from workstation.services.lookup_service import LookupService
from workstation.views import field_checks
from workstation.views.form_page import FormPage, as_of_field
from workstation.views.lookup_form import FieldSpec, LookupForm
from workstation.views.result_panel import VerdictBanner, describe_basis
from workstation.views.supplier_chart import SupplierChart

_FIELDS = [
    FieldSpec("party", "&Party", placeholder="party id or name", completion="party", to_text=lambda _k, name: name),
    FieldSpec("from", "&Window from", field_checks.iso_date, required=False, placeholder="24 months before as of"),
    as_of_field(),
]


def _table(parent: QWidget) -> QTableWidget:
    table = QTableWidget(0, 3, parent)
    table.setHorizontalHeaderLabels(["Trigger", "Level", "Facts and numbers"])
    table.setAccessibleName("Triggers")
    table.setTabKeyNavigation(False)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class SupplierPage(FormPage):
    """Rating and triggers, the records table and the issued/revoked chart."""

    kind = LookupKind.SUPPLIER

    def __init__(self, service: LookupService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.form = LookupForm(service, _FIELDS, self.kind.value, self)
        self.history: SupplierHistory | None = None
        self.banner = VerdictBanner(self)
        self.triggers = _table(self)
        self.records = RecordsModel(self)
        self.records_view = QTableView(self)
        self.records_view.setModel(self.records)
        self.records_view.setAccessibleName("Records of the supplier")
        self.records_view.setTabKeyNavigation(False)
        self.records_view.verticalHeader().hide()
        self.records_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.records_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.records_view.setAlternatingRowColors(True)
        header = self.records_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.chart = SupplierChart(self)
        self.chart.setAccessibleName("Certifications issued and revoked per month")
        records_box = QGroupBox("Certifications, revocations, verifications and withholdings", self)
        QVBoxLayout(records_box).addWidget(self.records_view)
        lower = QSplitter(Qt.Orientation.Vertical, self)
        lower.addWidget(self.chart)
        lower.addWidget(records_box)
        lower.setSizes([240, 320])  # the chart keeps its minimum; the records get the rest
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.banner)
        right_layout.addWidget(self.triggers)
        right_layout.addWidget(lower, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        scroll = QScrollArea(self)  # large text scrolls the answer instead of growing the window past the screen
        scroll.setWidget(right)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        splitter.addWidget(self.form)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([340, 740])
        QHBoxLayout(self).addWidget(splitter)
        self._wire(self.form)

    def input_of(self, values: dict[str, str]) -> JsonObject:
        return {"party": values["party"], "from": values["from"] or None}

    def show_answer(self, outcome: LookupOutcome, context: LookupContext) -> None:
        history = self.history = outcome.supplier
        verdict = outcome.verdict
        checkpoint = describe_basis(outcome)
        if history is None:
            self.banner.show_status(verdict.status.value, verdict.summary, checkpoint)
            return
        rate = "no rate" if history.revocation_rate is None else f"{history.revocation_rate:.0%}"
        summary = (
            f"{context.subject}: supplier rating {history.rating.value} (verdict {verdict.status.value}).\n"
            f"{history.window.start} to {history.window.end}: {history.issued} certifications issued, "
            f"{history.revoked} revoked ({rate}), {history.negative_verifications} negative verification(s), "
            f"{len(history.withholdings)} active withholding(s)."
        )
        self.banner.show_status(history.rating.value, summary, checkpoint)
        self.triggers.setRowCount(len(history.triggers) or 1)
        if not history.triggers:
            self._set_row(0, ("none", status_style.words("LOW"), "No trigger fired in the window."))
        for row, fired in enumerate(history.triggers):
            numbers = ", ".join(f"{k} {v}" for k, v in fired.numbers)
            self._set_row(row, (fired.trigger.value, fired.level.value, f"{fired.fact} ({numbers})"))
        self.triggers.resizeRowsToContents()
        self._fit_triggers()
        self.records.set_records(context.supplier_records)
        self.chart.show_months(f"{context.subject}: certifications per month", history.months)

    def _fit_triggers(self) -> None:
        rows = sum(self.triggers.rowHeight(r) for r in range(self.triggers.rowCount()))
        self.triggers.setFixedHeight(self.triggers.horizontalHeader().height() + rows + 2 * self.triggers.frameWidth())

    def _set_row(self, row: int, texts: tuple[str, str, str]) -> None:
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column == 1:
                item.setIcon(status_style.icon(text))
            self.triggers.setItem(row, column, item)

    def show_waiting(self, text: str, detail: str = "") -> None:
        self.banner.show_text(text, detail)

    def clear_answer(self) -> None:
        self.history = None
        self.banner.show_text("No check run yet.", "Fill in the form and press Enter.")
        self.triggers.setRowCount(0)
        self._fit_triggers()
        self.records.set_records(())
        self.chart.show_months("", ())
