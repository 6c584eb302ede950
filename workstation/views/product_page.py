"""Product check: an item in hand against its season's profile, expected values beside the observed ones."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ledger_client.credentials import JsonObject, JsonValue
from trade.verdicts import Finding, Reason
from workstation.lookups.context import LookupContext, ProfileFacts
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import LookupQuery, ProductQuery
from workstation.models import status_style
from workstation.models.findings_model import FindingsModel
from workstation.plain_text import tooltip
from workstation.services.lookup_service import LookupService, ProfileAnswer
from workstation.views import field_checks
from workstation.views.form_page import FormPage, query_texts, texts
from workstation.views.lookup_form import FieldSpec, LookupForm
from workstation.views.result_panel import ResultPanel

_FEATURE = "features."
_FIELDS = [
    FieldSpec(
        "profile",
        "&Profile",
        field_checks.no_spaces,
        placeholder="LS-STR-01",
        completion="profile",
        to_text=lambda key, _l: key.split(" ", 1)[0],
    ),
    FieldSpec(
        "season",
        "Seaso&n",
        field_checks.no_spaces,
        placeholder="SS25",
        completion="profile",
        to_text=lambda key, _l: key.split(" ", 1)[-1],
        prefix_from="profile",
    ),
    FieldSpec("colourway", "Color&way", required=False, placeholder="code on the label, e.g. SLV"),
    FieldSpec(
        "serial", "Ser&ial", field_checks.no_spaces, required=False, placeholder="not observed", completion="serial"
    ),
    FieldSpec("factory", "Fact&ory", field_checks.no_spaces, required=False, placeholder="F-MX-017"),
    FieldSpec("entry", "En&try", field_checks.no_spaces, required=False, placeholder="E-2201", completion="entry"),
    FieldSpec(
        "importer",
        "I&mporter",
        required=False,
        placeholder="party id or name",
        completion="party",
        to_text=lambda _k, name: name,
    ),
    FieldSpec("date", "E&xamined on", field_checks.iso_date, placeholder="YYYY-MM-DD", today=True),
]
_OPTIONAL = ("colourway", "serial", "factory", "entry", "importer")


_ROW_REASONS = {
    "colourway": (Reason.COLORWAY_NOT_PRODUCED,),
    "serial": (Reason.SERIAL_FORMAT, Reason.SERIAL_DUPLICATE),
    "factory": (Reason.FACTORY_NOT_AUTHORIZED,),
}


def _about(finding: Finding, key: str) -> bool:
    """Whether a finding is about a row of the expected/observed table (a feature's facts start with its name)."""
    if key in _ROW_REASONS:
        no_serial = key == "serial" and finding.fact.startswith("no serial")
        return finding.reason in _ROW_REASONS[key] or no_serial
    feature_codes = (Reason.FEATURE_MISMATCH, Reason.FEATURE_NOT_OBSERVED)
    return finding.reason in feature_codes and finding.fact.startswith(f"{key} ")


def _feature_value(text: str) -> float | str | None:
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


class ProductPage(FormPage):
    """The verdict, and the profile's expected values beside what the officer observed."""

    kind = LookupKind.PRODUCT

    def __init__(self, service: LookupService, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.form = LookupForm(service, list(_FIELDS), self.kind.value, self)
        self.profile: ProfileFacts | None = None
        self.result = ResultPanel(FindingsModel(self), self)
        self.findings: tuple[Finding, ...] | None = None
        self.expected = QTableWidget(0, 4, self)
        self.expected.setHorizontalHeaderLabels(["", "Expected (profile)", "Observed", "Finding"])
        self.expected.setAccessibleName("Expected and observed")
        self.expected.setTabKeyNavigation(False)
        self.expected.verticalHeader().hide()
        self.expected.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.expected.setWordWrap(True)
        header = self.expected.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.expected_box = QGroupBox("Profile: expected and observed", self)
        QVBoxLayout(self.expected_box).addWidget(self.expected)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.expected_box)
        right.addWidget(self.result)
        right.setSizes([230, 420])
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.form)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 720])
        QHBoxLayout(self).addWidget(splitter)
        self._wire(self.form)
        self.form.fields["profile"].editingFinished.connect(self._on_profile_fields_edited)
        self.form.fields["season"].editingFinished.connect(self._on_profile_fields_edited)
        for edit in self.form.fields.values():
            edit.textChanged.connect(self._show_expectations)
        service.profile_described.connect(self._on_service_profile_described)

    # ---------------------------------------------------------------- the profile's features as fields

    def _wanted_label(self) -> str:
        values = self.form.values()
        return f"{values['profile']} {values['season'].upper()}"

    @Slot()
    def _on_profile_fields_edited(self) -> None:
        values = self.form.values()
        if values["profile"] and values["season"]:
            self.service.describe_profile(values["profile"], values["season"])

    @Slot(ProfileAnswer)
    def _on_service_profile_described(self, answer: ProfileAnswer) -> None:
        if answer.label != self._wanted_label():
            return
        facts = self.profile = answer.facts
        if facts is None:
            self.expected_box.setTitle(f"No profile {answer.label} is on the ledger")
        else:
            self.expected_box.setTitle(f"Profile {facts.label} ({facts.name}): expected and observed")
            self._set_features({name: expected for name, expected in facts.features})
        self._show_expectations()

    def _set_features(self, features: dict[str, str]) -> None:
        """Make one field per feature (keeping what was typed in fields that stay)."""
        for name in [n for n in self.form.fields if n.startswith(_FEATURE)]:
            if name.removeprefix(_FEATURE) not in features:
                self.form.remove_field(name)
        for feature, expected in features.items():
            name = _FEATURE + feature
            if name in self.form.fields:
                self.form.fields[name].setPlaceholderText(f"expected {expected}" if expected else "not observed")
                continue
            placeholder = f"expected {expected}" if expected else "not observed"
            edit = self.form.add_field(
                FieldSpec(name, feature.replace("_", " "), required=False, placeholder=placeholder)
            )
            edit.textChanged.connect(self._show_expectations)

    @Slot()
    def _show_expectations(self) -> None:
        values = self.form.values()
        facts = self.profile
        rows: list[tuple[str, str, str, str]] = []
        if facts is not None:
            rows.append(("Colorway", ", ".join(facts.colourways), values["colourway"], "colourway"))
            rows += [
                (name.replace("_", " "), expected, values.get(_FEATURE + name, ""), name)
                for name, expected in facts.features
            ]
            rows.append(("Serial", f"format {facts.serial_format}", values["serial"], "serial"))
            rows.append(("Factory", ", ".join(facts.factories), values["factory"], "factory"))
        self.expected.setRowCount(len(rows))
        for r, (what, expected, observed, key) in enumerate(rows):
            for c, text in enumerate((what, expected, observed or "not observed")):
                self.expected.setItem(r, c, QTableWidgetItem(text))
            self.expected.setItem(r, 3, self._finding_item(key))
        self.expected.resizeRowsToContents()

    def _finding_item(self, key: str) -> QTableWidgetItem:
        """The findings of the last answer about this row (none before a check ran)."""
        if self.findings is None:
            return QTableWidgetItem("")
        fired = [f for f in self.findings if _about(f, key)]
        if not fired:
            item = QTableWidgetItem("no finding")
            item.setIcon(status_style.icon("PASS"))
            return item
        worst = max(fired, key=lambda f: f.effective_status.rank)
        item = QTableWidgetItem(", ".join(dict.fromkeys(f.reason.value for f in fired)))
        item.setIcon(status_style.icon(worst.effective_status.value))
        item.setToolTip(tooltip("\n".join(f.fact for f in fired)))
        return item

    # ---------------------------------------------------------------- FormPage

    def input_of(self, values: dict[str, str]) -> JsonObject:
        raw = texts({k: v for k, v in values.items() if not k.startswith(_FEATURE)}, _OPTIONAL)
        features: dict[str, JsonValue] = {
            k.removeprefix(_FEATURE): _feature_value(v) for k, v in values.items() if k.startswith(_FEATURE)
        }
        raw["features"] = features
        return raw

    def as_of_of(self, values: dict[str, str]) -> date | None:
        return None  # judged on the day the item was examined

    def fill(self, query: LookupQuery, as_of: date) -> None:
        self.form.clear()
        if isinstance(query, ProductQuery):
            self._set_features({name: "" for name, _value in query.features})
            self.form.set_values({_FEATURE + k: "" if v is None else f"{v:g}" if isinstance(v, float) else str(v)
                                  for k, v in query.features})  # fmt: skip
        self.form.set_values({k: v for k, v in query_texts(query).items() if k != "features"})
        self._on_profile_fields_edited()

    def show_answer(self, outcome: LookupOutcome, context: LookupContext) -> None:
        if context.profile is not None:
            self.profile = context.profile
            self.expected_box.setTitle(
                f"Profile {context.profile.label} ({context.profile.name}): expected and observed"
            )
        self.findings = outcome.verdict.findings
        self._show_expectations()
        self.result.show_outcome(outcome, context)

    def show_waiting(self, text: str, detail: str = "") -> None:
        self.findings = None
        self._show_expectations()
        self.result.show_message(text, detail)

    def clear_answer(self) -> None:
        self.result.clear()
        for name in [n for n in self.form.fields if n.startswith(_FEATURE)]:
            self.form.remove_field(name)
        self.profile = None
        self.findings = None
        self.expected_box.setTitle("Profile: expected and observed")
        self._show_expectations()
