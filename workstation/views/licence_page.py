"""Licence chain: is the shipper a licensed source of these branded goods? The chain is drawn as a tree."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ledger_client.credentials import JsonObject
from workstation.lookups.context import LicenceLink, LookupContext
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.models.findings_model import FindingsModel
from workstation.plain_text import tooltip
from workstation.services.lookup_service import LookupService
from workstation.views import field_checks
from workstation.views.form_page import FormPage, as_of_field, texts
from workstation.views.lookup_form import FieldSpec, LookupForm
from workstation.views.result_panel import ResultPanel

_FIELDS = [
    FieldSpec("mark", "&Mark", placeholder="LARKSPUR", completion="mark"),
    FieldSpec("shipper", "Shipp&er", placeholder="party id or name", completion="party", to_text=lambda _k, n: n),
    FieldSpec("facility", "Facili&ty", field_checks.no_spaces, required=False, placeholder="F-SV-013"),
    FieldSpec("goods", "&Goods", required=False, placeholder="hoodies"),
    FieldSpec("hs", "H&S code", field_checks.hs_code, placeholder="6110.30", completion="hs"),
    FieldSpec("making_country", "Made &in", field_checks.country, placeholder="SV"),
    FieldSpec("market", "Mar&ket", field_checks.country, placeholder="US", default=lambda: "US"),
    FieldSpec("ship_date", "Ship &date", field_checks.iso_date, placeholder="YYYY-MM-DD"),
    FieldSpec("quantity", "&Quantity to date", field_checks.whole_number, required=False, placeholder="not known"),
    as_of_field(),
]
_OPTIONAL = ("facility", "goods", "quantity")
_COLUMNS = ("License and licensee", "Scope", "Period", "Status on the ship date")


class LicencePage(FormPage):
    """The verdict and the chain licensor → licensee → sub-licensee, each link with scope, period and status."""

    kind = LookupKind.LICENCE

    def __init__(self, service: LookupService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.form = LookupForm(service, _FIELDS, self.kind.value, self)
        self.result = ResultPanel(FindingsModel(self), self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels(list(_COLUMNS))
        self.tree.setAccessibleName("License chain")
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        header = self.tree.header()
        # The licensee, period and status (with its reason codes) fit their content; the scope takes the width
        # left and is the one elided when space is short (its full text is in the tooltip).
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_COLUMNS.index("Scope"), QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.tree.setIndentation(14)
        chain_box = QGroupBox("License chain (recorded owner → licensee → sublicensee)", self)
        QVBoxLayout(chain_box).addWidget(self.tree)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(chain_box)
        right.addWidget(self.result)
        right.setSizes([330, 330])
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.form)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([320, 760])
        QHBoxLayout(self).addWidget(splitter)
        self._wire(self.form)

    def input_of(self, values: dict[str, str]) -> JsonObject:
        raw = texts(values, _OPTIONAL)
        raw["quantity"] = int(values["quantity"]) if values["quantity"] else None
        return raw

    def show_answer(self, outcome: LookupOutcome, context: LookupContext) -> None:
        self.result.show_outcome(outcome, context)
        self._draw_chain(context.owner, context.chain)

    def show_waiting(self, text: str, detail: str = "") -> None:
        self.result.show_message(text, detail)
        self.tree.clear()

    def clear_answer(self) -> None:
        self.result.clear()
        self.tree.clear()

    def _draw_chain(self, owner: str, chain: tuple[LicenceLink, ...]) -> None:
        self.tree.clear()
        if not chain:
            QTreeWidgetItem(self.tree, ["No license of this mark names the shipper as licensee.", "", "", ""])
            return
        parent = QTreeWidgetItem(self.tree, [f"{owner}\nlicensor at the top of the chain", "", "", ""])
        for link in chain:
            texts = [
                f"{link.licence_id}\n{link.licensee}",
                link.scope,
                link.period.replace(" to ", "\nto "),
                link.status.replace("; ", "\n"),
            ]
            item = QTreeWidgetItem(parent, texts)
            item.setData(0, Qt.ItemDataRole.UserRole, link.licence_id)
            for column in range(len(_COLUMNS)):
                item.setToolTip(column, tooltip(item.text(column)))
            parent = item
        self.tree.expandAll()
