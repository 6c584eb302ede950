"""The lookup form, the result panel and the as-typed field checks, as real widgets driven with qtbot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSPHRASE
from trade import verdicts
from workstation import profiles, session
from workstation.lookups.context import LookupContext
from workstation.lookups.inputs import InputError
from workstation.lookups.outcome import CheckpointFacts, LookupOutcome
from workstation.lookups.queries import OriginByEntry
from workstation.models.findings_model import FindingsModel
from workstation.services.lookup_service import LookupService
from workstation.services.worker import WorkerPool
from workstation.views import field_checks
from workstation.views.lookup_form import FieldSpec, FormValues, LookupForm
from workstation.views.result_panel import ResultPanel, describe_age, describe_basis

SPECS = [
    FieldSpec("party", "&Party", placeholder="party id or name"),
    FieldSpec("making_country", "Made &in", field_checks.country, aliases=("country",)),
    FieldSpec("count", "&Count", field_checks.whole_number, required=False, default=lambda: "1"),
]


@pytest.fixture
def service(existing_profile: profiles.Profile, pool: WorkerPool) -> Iterator[LookupService]:
    opened = session.open_session(existing_profile, PASSPHRASE)
    try:
        yield LookupService(opened, pool)
    finally:
        pool.wait_for_done()
        opened.close()


@pytest.fixture
def form(qtbot: QtBot, service: LookupService) -> LookupForm:
    built = LookupForm(service, SPECS, "test")
    qtbot.add_widget(built)
    return built


def test_enter_emits_the_stripped_values_once_every_field_is_usable(qtbot: QtBot, form: LookupForm) -> None:
    qtbot.keyClicks(form.fields["party"], "  Talleres ")
    qtbot.keyClicks(form.fields["making_country"], "SV")
    with qtbot.wait_signal(form.submitted, timeout=1000) as blocker:
        qtbot.keyClick(form.fields["party"], Qt.Key.Key_Return)
    (submitted,) = blocker.args
    assert isinstance(submitted, FormValues)
    assert dict(submitted.texts) == {"party": "Talleres", "making_country": "SV", "count": "1"}


def test_a_missing_or_unusable_field_stops_the_form_and_says_so_under_it(qtbot: QtBot, form: LookupForm) -> None:
    qtbot.keyClicks(form.fields["making_country"], "MEX")
    assert form.errors["making_country"].text() == field_checks.country("MEX")
    with qtbot.assert_not_emitted(form.submitted):
        form.submit()
    assert form.errors["party"].text() == "party: needed"
    assert form.errors["count"].text() == ""


def test_an_input_error_goes_under_the_field_it_names_or_its_alias(qtbot: QtBot, form: LookupForm) -> None:
    form.show_input_error(InputError("party", "'T' matches several parties: A (P-A); B (P-B)"))
    assert form.errors["party"].text() == "party: 'T' matches several parties: A (P-A); B (P-B)"
    form.show_input_error(InputError("country", "not an ISO 3166-1 alpha-2 code"))
    assert form.errors["making_country"].text() == "country: not an ISO 3166-1 alpha-2 code"
    assert not form.message.isVisibleTo(form)
    form.show_input_error(InputError("", "the shipment must be a JSON object"))
    assert form.message.text() == "the shipment must be a JSON object" and form.message.isVisibleTo(form)


def test_escape_restores_the_defaults_and_clears_the_errors(qtbot: QtBot, form: LookupForm) -> None:
    qtbot.keyClicks(form.fields["count"], "x")
    form.show_input_error(InputError("party", "no registered party"))
    with qtbot.wait_signal(form.cleared, timeout=1000):
        qtbot.keyClick(form.fields["party"], Qt.Key.Key_Escape)
    assert form.values() == {"party": "", "making_country": "", "count": "1"}
    assert all(label.text() == "" for label in form.errors.values())


def test_busy_disables_the_check_button_and_submit(qtbot: QtBot, form: LookupForm) -> None:
    qtbot.keyClicks(form.fields["party"], "P-NOPAL")
    qtbot.keyClicks(form.fields["making_country"], "MX")
    form.set_busy(True)
    assert form.run_button.text() == "Checking…" and not form.run_button.isEnabled()
    with qtbot.assert_not_emitted(form.submitted):
        form.submit()
    form.set_busy(False)
    assert form.run_button.text() == "&Check"


def test_fields_come_and_go_with_their_error_lines(qtbot: QtBot, form: LookupForm) -> None:
    edit = form.add_field(FieldSpec("features.width_mm", "width mm", required=False, placeholder="expected 30"))
    assert list(form.fields) == ["party", "making_country", "count", "features.width_mm"]
    assert edit.placeholderText() == "expected 30" and form.values()["features.width_mm"] == ""
    form.remove_field("features.width_mm")
    assert "features.width_mm" not in form.fields and "features.width_mm" not in form.errors


def _outcome() -> LookupOutcome:
    ev = verdicts.Evidence("CertificationOfOrigin", "C-U-003", "urn:uuid:c-u-003", 7, b"\xab" * 32)
    finding = verdicts.Finding(verdicts.Reason.REVOKED_AFTER_CLAIM, "revoked after the claim", (ev,))
    verdict = verdicts.Verdict.judge([finding], (ev,))
    return LookupOutcome(OriginByEntry("E-1031", 1), date(2025, 6, 30), verdict,
                         CheckpointFacts(1071, 7_200), 12)  # fmt: skip


def test_the_result_panel_shows_the_verdict_its_basis_and_the_selected_rows_records(qtbot: QtBot) -> None:
    panel = ResultPanel(FindingsModel())
    qtbot.add_widget(panel)
    outcome = _outcome()
    panel.show_outcome(outcome, LookupContext(issuers=((7, "Certificadora del Norte"),)))
    assert panel.banner.status.text().endswith(outcome.verdict.status.value)
    assert panel.banner.checkpoint.text() == (
        "As of 2025-06-30 · verified checkpoint of 1,071 entries · last sync 2 h old · audit log #12"
    )
    evidence = panel.evidence.toPlainText()
    assert "Records behind REVOKED_AFTER_CLAIM:" in evidence
    assert "issuer:     Certificadora del Norte" in evidence and "leaf hash:  " + "ab" * 32 in evidence
    assert "Checkpoint: 1,071 entries, last sync 2 h old" in evidence
    panel.show_message("No verdict.", "The mirror was never synced.")
    assert panel.model.rowCount() == 0 and panel.evidence.toPlainText() == "" and panel.outcome is None
    panel.clear()
    assert panel.banner.summary.text() == "No check run yet."


def test_ages_are_said_in_the_largest_whole_unit() -> None:
    assert [describe_age(s) for s in (None, 5, 60, 7_199, 90_000)] == ["age unknown", "5 s old", "1 min old",
                                                                      "1 h old", "1 d old"]  # fmt: skip
    assert describe_basis(_outcome()).startswith("As of 2025-06-30 · ")


@pytest.mark.parametrize(
    ("check", "text", "problem"),
    [
        (field_checks.iso_date, "2025-02-30", "'2025-02-30' is not a calendar date: 2025-02 has 28 days"),
        (field_checks.iso_date, "2025-13-45", "'2025-13-45' is not a calendar date: there is no month 13"),
        (field_checks.iso_date, "30/06/2025", "'30/06/2025' is not a date in the form YYYY-MM-DD"),
        (field_checks.iso_date, "2025-02-28", None),
        (field_checks.country, "mx", None),
        (field_checks.htsus, "7323.93.0045", None),
        (field_checks.hs_code, "6110", None),
        (field_checks.hs_code, "6110.30", None),
        (field_checks.hs_code, "61x0", "HS code: digits and dots only"),
        (field_checks.hs_code, "611030123", field_checks.hs_code("61103")),
        (field_checks.whole_number, "0", None),
        (field_checks.whole_number, "-1", "a whole number (digits only)"),
        (field_checks.positive_number, "0", "a positive whole number"),
        (field_checks.no_spaces, "E 1031", "no spaces"),
        (field_checks.spi, "MX", None),
        (field_checks.spi, "USMCA", "SPI: one or two letters or digits (S, P, MX)"),
    ],
)  # fmt: skip
def test_field_checks_give_the_field_specific_problem(
    check: field_checks.Check, text: str, problem: str | None
) -> None:
    assert check(text) == problem


def test_a_country_check_says_what_to_type_instead() -> None:
    assert field_checks.country("MEX") == "country code: use the two-letter ISO 3166-1 code (MX, not MEX)"
    problem = field_checks.htsus("7323.93")
    assert problem is not None and problem.startswith("HTSUS number:")
