"""The four lookup pages driven with the keyboard against the demo ledger (served over loopback, synced once
into a real encrypted profile): each gives the verdict ``trade`` prescribes for the demo anchors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QTreeWidgetItem
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSPHRASE as CONFTEST_PASSPHRASE
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo, verdicts
from workstation import app, profiles, session
from workstation.lookups.context import SupplierRecord
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import OriginLine, ProductQuery
from workstation.lookups.registry import parse_query
from workstation.lookups.runner import NotACheckError, audited_query
from workstation.models.findings_model import FindingsModel
from workstation.models.records_model import RecordsModel
from workstation.services.lookup_service import LookupAnswer, LookupBlockedError, LookupService
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views.form_page import FormPage
from workstation.views.licence_page import LicencePage
from workstation.views.origin_page import OriginPage
from workstation.views.product_page import ProductPage
from workstation.views.supplier_page import SupplierPage

AS_OF = "2025-06-30"
PASSPHRASE = "demo officer passphrase"
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def demo_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[session.Session]:
    """A real encrypted profile synced once with the whole demo ledger over loopback HTTP."""
    ledger = demo.generate()
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish()
    profile = profiles.Profile.named("demo-officer", root=tmp_path_factory.mktemp("profiles"))
    with serve(served) as url:
        settings = profiles.ProfileSettings(url, trust, 0)
        session.open_session(profile, PASSPHRASE, new_settings=settings).client().sync()
    opened = session.open_session(profile, PASSPHRASE)
    yield opened
    opened.close()


@pytest.fixture
def service(demo_session: session.Session, pool: WorkerPool) -> LookupService:
    return LookupService(demo_session, pool)


def make(qtbot: QtBot, page: FormPage) -> FormPage:
    qtbot.add_widget(page)
    page.resize(1100, 700)
    return page


def type_into(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def run(qtbot: QtBot, page: FormPage, edit: QLineEdit) -> LookupOutcome:
    """Press Enter in ``edit`` and wait for the verdict."""
    with (
        qtbot.assert_not_emitted(page.service.input_refused),
        qtbot.assert_not_emitted(page.service.no_verdict),
        qtbot.wait_signal(page.service.finished, timeout=WAIT_MS) as blocker,
    ):
        qtbot.keyClick(edit, Qt.Key.Key_Return)
    answer = blocker.args[0]
    assert isinstance(answer, LookupAnswer)
    return answer.outcome


def codes(model: FindingsModel) -> list[str]:
    return [model.index(r, 1).data() for r in range(model.rowCount())]


# ---------------------------------------------------------------- certificate of origin


@pytest.mark.parametrize(
    ("entry", "status", "reason"),
    [
        ("E-1031", "FAIL", "REVOKED_AFTER_CLAIM"),
        ("E-1002", "FAIL", "BLANKET_NOT_COVERING"),
        ("E-1001", "PASS", ""),
        ("E-3001", "PASS", ""),  # a CBP 7501 entry summary and a USMCA certification, Traceability vocabulary
        ("E-3002", "FAIL", "HS_MISMATCH"),
    ],
)
def test_origin_of_a_filed_entry_gives_the_prescribed_verdict(
    qtbot: QtBot, service: LookupService, entry: str, status: str, reason: str
) -> None:
    page = make(qtbot, OriginPage(service))
    form = page.filed_form
    type_into(qtbot, form.fields["entry"], entry)
    type_into(qtbot, form.fields["as_of"], AS_OF)
    outcome = run(qtbot, page, form.fields["as_of"])
    assert outcome.verdict.status.value == status
    assert page.result.banner.status.text().endswith(status.replace("_", " "))
    assert page.result.banner.summary.text().casefold() == outcome.verdict.summary.casefold()
    assert "1,076 entries" in page.result.banner.checkpoint.text()
    if reason:
        assert reason in codes(page.result.model)
    evidence = page.result.evidence.toPlainText()  # the first row is selected: its records, issuers, checkpoint
    assert "leaf hash:" in evidence and "issuer:" in evidence and "Checkpoint: 1,076 entries" in evidence
    vocabulary = "traceability" if entry.startswith("E-3") else "trade"
    assert f"vocabulary: {vocabulary}" in evidence


def test_origin_of_a_typed_entry_line_resolves_parties_by_name(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, OriginPage(service))
    page.typed_button.setChecked(True)
    form = page.typed_form
    assert page.form is form
    for name, text in {
        "entry": "E-9",
        "importer": "bluegill",
        "exporter": "fabrica nop",
        "origin": "MX",
        "hts": "7323.93.0045",
        "import_date": "2025-03-10",
        "claim_date": "2025-03-20",
        "certification": "C-U-001",
        "as_of": AS_OF,
    }.items():
        type_into(qtbot, form.fields[name], text)
    outcome = run(qtbot, page, form.fields["certification"])
    assert outcome.verdict.status is verdicts.Status.PASS
    assert isinstance(outcome.query, OriginLine)
    assert outcome.query.importer == "bluegill" and outcome.query.line == 1


def test_fields_are_checked_as_typed_with_the_field_specific_error(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, OriginPage(service))
    form = page.typed_form
    type_into(qtbot, form.fields["origin"], "MEX")
    assert form.errors["origin"].text() == "country code: use the two-letter ISO 3166-1 code (MX, not MEX)"
    assert form.errors["origin"].textFormat() is Qt.TextFormat.PlainText
    type_into(qtbot, form.fields["hts"], "7323.93")
    assert form.errors["hts"].text().startswith("HTSUS number:")
    type_into(qtbot, form.fields["hts"], "7323.95.0000")  # well formed, but no such HS subheading
    assert form.errors["hts"].text() == "HTSUS number: subheading 7323.95 is not in the WCO nomenclature (HS 2022)"
    type_into(qtbot, form.fields["hts"], "7323.93.0045")
    assert form.errors["hts"].text() == ""
    type_into(qtbot, form.fields["claim_date"], "2025-13-01")
    assert "is not a calendar date: there is no month 13" in form.errors["claim_date"].text()


def test_enter_with_a_missing_field_runs_nothing_and_says_which(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, LicencePage(service))
    form = page.form
    type_into(qtbot, form.fields["mark"], "LARKSPUR")
    with qtbot.assert_not_emitted(service.running_changed):
        qtbot.keyClick(form.fields["mark"], Qt.Key.Key_Return)
    assert form.errors["shipper"].text() == "shipper: needed"
    assert form.errors["mark"].text() == ""


def test_an_input_error_from_the_lookup_is_shown_under_its_field(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, SupplierPage(service))
    type_into(qtbot, page.form.fields["party"], "T")
    type_into(qtbot, page.form.fields["as_of"], AS_OF)
    with qtbot.assert_not_emitted(service.finished), qtbot.wait_signal(service.input_refused, timeout=WAIT_MS):
        qtbot.keyClick(page.form.fields["party"], Qt.Key.Key_Return)
    error = page.form.errors["party"].text()
    assert error.startswith("party: 'T' matches several parties") and "Talleres Ocotillo" in error


def test_escape_clears_the_form_and_the_answer(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, OriginPage(service))
    form = page.filed_form
    type_into(qtbot, form.fields["entry"], "E-1031")
    type_into(qtbot, form.fields["as_of"], AS_OF)
    run(qtbot, page, form.fields["entry"])
    assert page.result.model.rowCount() > 0
    qtbot.keyClick(form.fields["entry"], Qt.Key.Key_Escape)
    assert form.fields["entry"].text() == "" and form.fields["as_of"].text() == "2025-06-30"  # the demo ledger's today
    assert page.result.model.rowCount() == 0 and page.result.banner.summary.text() == "No check run yet."


# ---------------------------------------------------------------- licence chain


def _licence(qtbot: QtBot, page: LicencePage, shipper: str, facility: str, country: str) -> LookupOutcome:
    values = {"mark": "LARKSPUR", "shipper": shipper, "facility": facility, "goods": "hoodies", "hs": "6110.30",
              "making_country": country, "ship_date": "2025-03-01", "as_of": AS_OF}  # fmt: skip
    for name, text in values.items():
        type_into(qtbot, page.form.fields[name], text)
    return run(qtbot, page, page.form.fields["as_of"])


def _chain(item: QTreeWidgetItem) -> list[str]:
    ids = []
    while item.childCount():
        item = item.child(0)
        ids.append(item.data(0, Qt.ItemDataRole.UserRole))
    return ids


def test_licence_sublicensing_fails_and_the_chain_is_drawn(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, LicencePage(service))
    assert isinstance(page, LicencePage)
    outcome = _licence(qtbot, page, "Hilos del Valle", "F-SV-013", "SV")
    assert outcome.verdict.status is verdicts.Status.FAIL
    assert "SUBLICENSING_NOT_ALLOWED" in codes(page.result.model)
    top = page.tree.topLevelItem(0)
    assert top.text(0).startswith("Larkspur Athletic Co. (P-LARKSPUR)\n")
    assert _chain(top) == ["L-100", "L-101", "L-102"]
    l101 = top.child(0).child(0)
    assert "Confecciones Guacamaya" in l101.text(0) and "SUBLICENSING_NOT_ALLOWED" in l101.text(3)
    assert l101.text(2) == "2024-01-01\nto 2026-12-31" and "HS 6110" in l101.text(1)


def test_licence_chain_status_column_is_never_cut_short(qtbot: QtBot, service: LookupService) -> None:
    # At the window's default size the status column used to get only the space left over, eliding the
    # reason code ("SUBLICENSIN…"); the status now fits its content inside the view, and the scope gives way.
    page = make(qtbot, LicencePage(service))
    assert isinstance(page, LicencePage)
    page.show()
    qtbot.waitExposed(page)
    _licence(qtbot, page, "Hilos del Valle", "F-SV-013", "SV")
    tree, metrics = page.tree, page.tree.fontMetrics()
    items = [tree.topLevelItem(0)]
    while items[-1].childCount():
        items.append(items[-1].child(0))
    header = tree.header()
    for column in (0, 2, 3):  # licensee, period, status
        widest = max(metrics.horizontalAdvance(line) for item in items for line in item.text(column).split("\n"))
        assert header.sectionSize(column) >= widest, (column, header.sectionSize(column), widest)
    status_right = header.sectionViewportPosition(3) + header.sectionSize(3)
    assert status_right <= tree.viewport().width(), (status_right, tree.viewport().width())


def test_licence_of_a_licensed_source_passes(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, LicencePage(service))
    assert isinstance(page, LicencePage)
    outcome = _licence(qtbot, page, "Confecciones Guacamaya", "F-HN-008", "HN")
    assert outcome.verdict.status is verdicts.Status.PASS
    assert _chain(page.tree.topLevelItem(0)) == ["L-100", "L-101"]


def test_licence_in_the_traceability_vocabulary_is_found_and_what_it_does_not_state_is_said(
    qtbot: QtBot, service: LookupService
) -> None:
    page = make(qtbot, LicencePage(service))
    assert isinstance(page, LicencePage)
    values = {"mark": "LARKSPUR", "shipper": "Fjellstua", "facility": "F-NO-010", "goods": "hoodies",
              "hs": "6110.20", "making_country": "NO", "ship_date": "2025-05-02", "as_of": AS_OF}  # fmt: skip
    for name, text in values.items():
        type_into(qtbot, page.form.fields[name], text)
    outcome = run(qtbot, page, page.form.fields["as_of"])
    assert outcome.verdict.status is verdicts.Status.REVIEW
    assert codes(page.result.model) == ["NOT_IN_VOCABULARY", "INFORMATION"]  # the note: it extends TR-IPR-001
    top = page.tree.topLevelItem(0)
    assert _chain(top) == ["TR-LIC-001"]
    link = top.child(0)
    assert link.text(1).startswith("marks (not stated); HS (not stated)\nmade in (not stated)")
    assert link.text(2).endswith("to open")


# ---------------------------------------------------------------- product check


def test_product_colourway_not_produced_shows_expected_beside_observed(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, ProductPage(service))
    assert isinstance(page, ProductPage)
    form = page.form
    type_into(qtbot, form.fields["profile"], "LS-STR-01")
    type_into(qtbot, form.fields["season"], "SS25")
    with qtbot.wait_signal(service.profile_described, timeout=WAIT_MS) as described:
        form.fields["season"].editingFinished.emit()  # what Tab out of the field does
    assert described.args[0].facts is not None
    assert "features.quarter_panel_spi" in form.fields and "features.upper_material" in form.fields
    assert form.fields["features.quarter_panel_spi"].placeholderText() == "expected 8–10 stitches per inch"
    for name, text in {"colourway": "BKE", "serial": "LS25S700001", "factory": "F-MX-017", "entry": "E-2201",
                       "importer": "Harborline", "date": "2025-05-07", "features.quarter_panel_spi": "9",
                       "features.upper_material": "recycled polyester knit"}.items():  # fmt: skip
        type_into(qtbot, form.fields[name], text)
    outcome = run(qtbot, page, form.fields["features.upper_material"])
    assert outcome.verdict.status is verdicts.Status.FAIL
    assert "COLORWAY_NOT_PRODUCED" in codes(page.result.model)
    rows = {
        page.expected.item(r, 0).text(): (page.expected.item(r, 1).text(), page.expected.item(r, 2).text())
        for r in range(page.expected.rowCount())
    }
    assert rows["Colorway"] == ("BNV, SLV", "BKE")
    assert rows["quarter panel spi"] == ("8–10 stitches per inch", "9")
    assert rows["Factory"] == ("F-MX-017", "F-MX-017")
    findings = {
        page.expected.item(r, 0).text(): page.expected.item(r, 3).text() for r in range(page.expected.rowCount())
    }
    assert findings["Colorway"] == "COLORWAY_NOT_PRODUCED" and findings["Factory"] == "no finding"


def test_product_feature_left_empty_is_not_observed(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, ProductPage(service))
    assert isinstance(page, ProductPage)
    features = {"quarter_panel_spi": 9, "upper_material": None}
    page.fill(
        ProductQuery.from_json({"profile": "LS-STR-01", "season": "SS25", "colourway": "SLV",
                                "serial": "LS25S700001", "factory": "F-MX-017", "date": "2025-05-07",
                                "features": features}),
        date(2025, 5, 7),
    )  # fmt: skip
    outcome = run(qtbot, page, page.form.fields["profile"])
    assert outcome.verdict.status is verdicts.Status.REVIEW and "FEATURE_NOT_OBSERVED" in codes(page.result.model)


# ---------------------------------------------------------------- supplier history


def test_supplier_high_rating_with_triggers_records_and_chart(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, SupplierPage(service))
    assert isinstance(page, SupplierPage)
    type_into(qtbot, page.form.fields["party"], "talleres ocotillo")
    type_into(qtbot, page.form.fields["as_of"], AS_OF)
    outcome = run(qtbot, page, page.form.fields["party"])
    assert outcome.supplier is not None and outcome.supplier.rating.value == "HIGH"
    assert page.banner.status.text().endswith("HIGH")
    triggers = [page.triggers.item(r, 0).text() for r in range(page.triggers.rowCount())]
    assert "REVOCATIONS_AFTER_CLAIM" in triggers
    kinds = {page.records.index(r, 0).data() for r in range(page.records.rowCount())}
    assert {"Certification", "Revocation"} <= kinds
    series = page.chart.series
    assert series is not None
    issued, revoked = series.barSets()
    assert issued.label() == "Issued" and issued.count() == len(outcome.supplier.months) > 0
    assert sum(revoked.at(i) for i in range(revoked.count())) == outcome.supplier.revoked > 0


# ---------------------------------------------------------------- blocked verdicts, history, completion, models


def test_blocked_verdicts_disable_the_form_and_keep_the_answer(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, OriginPage(service))
    form = page.filed_form
    type_into(qtbot, form.fields["entry"], "E-1031")
    type_into(qtbot, form.fields["as_of"], AS_OF)
    run(qtbot, page, form.fields["entry"])
    page.set_verdicts_blocked(True)
    assert not page.isEnabled() and not form.run_button.isEnabled()
    assert "blocked" in form.message.text() and page.result.model.rowCount() > 0
    with qtbot.assert_not_emitted(service.running_changed):
        form.submit()
    page.set_verdicts_blocked(False)
    assert page.isEnabled() and form.run_button.isEnabled() and form.message.text() == ""


@pytest.mark.parametrize("page_type", [OriginPage, LicencePage, ProductPage, SupplierPage])
def test_reopen_reruns_a_past_check_from_its_audit_record(
    qtbot: QtBot, service: LookupService, demo_session: session.Session, page_type: type[FormPage]
) -> None:
    first = make(qtbot, page_type(service))
    inputs = {
        OriginPage: {"entry": "E-1031", "line": 1, "as_of": AS_OF},
        LicencePage: {
            "shipper": "Hilos del Valle",
            "facility": "F-SV-013",
            "mark": "LARKSPUR",
            "hs": "6110.30",
            "making_country": "SV",
            "ship_date": "2025-03-01",
            "market": "US",
            "quantity": None,
            "as_of": AS_OF,
        },
        ProductPage: {
            "profile": "LS-STR-01",
            "season": "SS25",
            "colourway": "BKE",
            "date": "2025-05-07",
            "serial": "LS25S700001",
            "factory": "F-MX-017",
            "features": {"quarter_panel_spi": 9, "upper_material": "recycled polyester knit"},
        },
        SupplierPage: {"party": "P-OCOTILLO", "from": None, "as_of": AS_OF},
    }[page_type]
    record = demo_session.audit.recent(1)[0]
    other = type(record)(0, record.at, "o", "check something else", json.dumps(inputs), None, None, None)
    with pytest.raises(NotACheckError):
        audited_query(other)
    as_of = str(inputs.pop("as_of", "2025-05-07"))
    first.fill(parse_query(page_type.kind, inputs), date.fromisoformat(as_of))
    original = run(qtbot, first, first.form.fields[next(iter(first.form.fields))])
    record = demo_session.audit.get(original.audit_id)
    assert record is not None and record.action == first.kind.action
    kind, query, when = audited_query(record)
    wrong = next(p for p in (OriginPage, LicencePage, ProductPage, SupplierPage) if p is not page_type)
    assert not make(qtbot, wrong(service)).reopen(query, when)
    again = make(qtbot, page_type(service))
    with (
        qtbot.assert_not_emitted(service.input_refused),
        qtbot.wait_signal(service.finished, timeout=WAIT_MS) as blocker,
    ):
        assert again.reopen(query, when)
    assert kind is page_type.kind
    assert blocker.args[0].outcome.verdict.status is original.verdict.status
    assert blocker.args[0].outcome.verdict.reasons == original.verdict.reasons


def test_party_names_complete_accent_insensitively(qtbot: QtBot, service: LookupService) -> None:
    page = make(qtbot, SupplierPage(service))
    edit = page.form.fields["party"]
    qtbot.keyClicks(edit, "fabrica")
    with qtbot.wait_signal(service.completions, timeout=WAIT_MS):
        edit.request_completions()  # type: ignore[attr-defined]
    assert edit.suggestions.stringList() == ["Fábrica Nopal S.A. de C.V."]  # type: ignore[attr-defined]


def test_findings_and_records_models_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    findings = FindingsModel()
    qtmodeltester.check(findings)
    ev = verdicts.Evidence("CertificationOfOrigin", "C-U-003", None, 7, b"\x01" * 32)
    verdict = verdicts.Verdict.judge(
        [verdicts.Finding(verdicts.Reason.REVOKED_AFTER_CLAIM, "revoked after the claim", (ev,))],
        (ev,),
        notes=[verdicts.Note(verdicts.NoteKind.SUPERSEDED_BY, "superseded by C-U-011A")],
    )
    findings.set_verdict(verdict)
    qtmodeltester.check(findings)
    assert [findings.index(r, 0).data() for r in range(2)] == ["FAIL", "NOTE"]
    assert findings.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is not None
    findings.set_verdict(verdicts.Verdict.judge([], (ev,)))
    qtmodeltester.check(findings)
    assert findings.index(0, 0).data() == "PASS" and findings.evidence(0) == (ev,)
    records = RecordsModel()
    qtmodeltester.check(records)
    records.set_records([SupplierRecord("Certification", "C-1", "2025-01-02", "USMCA", 3)])
    qtmodeltester.check(records)
    assert records.index(0, 4).data() == "3"


def test_the_shell_gets_the_four_lookup_pages(qtbot: QtBot, make_shell: object, tmp_path: Path) -> None:
    shell = make_shell()  # type: ignore[operator]
    assert isinstance(shell, Shell)
    kinds = {kind: type(page) for kind, page in shell.window.pages.items()}
    assert kinds == {
        LookupKind.ORIGIN: OriginPage,
        LookupKind.LICENCE: LicencePage,
        LookupKind.PRODUCT: ProductPage,
        LookupKind.SUPPLIER: SupplierPage,
    }
    assert app.lookup_pages is not None


def test_a_mirror_without_a_verified_checkpoint_gives_no_verdict(
    qtbot: QtBot, existing_profile: profiles.Profile, pool: WorkerPool
) -> None:
    opened = session.open_session(existing_profile, CONFTEST_PASSPHRASE)  # created, never synced
    try:
        service = LookupService(opened, pool)
        page = make(qtbot, OriginPage(service))
        type_into(qtbot, page.filed_form.fields["entry"], "E-1031")
        with (
            qtbot.assert_not_emitted(service.finished),
            qtbot.wait_signal(service.no_verdict, timeout=WAIT_MS) as blocker,
        ):
            qtbot.keyClick(page.filed_form.fields["entry"], Qt.Key.Key_Return)
        assert isinstance(blocker.args[0], LookupBlockedError)
        assert page.filed_form.message.text() == blocker.args[0].user_message()
        assert page.result.model.rowCount() == 0 and page.result.banner.summary.text() == "No verdict."
    finally:
        pool.wait_for_done()
        opened.close()
