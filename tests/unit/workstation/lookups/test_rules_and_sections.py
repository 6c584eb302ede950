"""Each kind's rule runner, context builder and report sections, on the record index of the demo ledger
(every credential verified as the mirror would, no store and no Qt in between)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ledger_client.credentials import SigningKey, parse_json_object, verify_credential
from trade import demo
from trade.record_index import RecordIndex, read_ledger
from trade.verdicts import Reason, Status
from workstation.lookups import sighting
from workstation.lookups.inputs import InputError
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import CheckpointFacts, LookupOutcome
from workstation.lookups.queries import LicenceQuery, OriginByEntry, ProductQuery, SupplierQuery
from workstation.lookups.registry import LOOKUPS
from workstation.lookups.rules import Judgement
from workstation.reports import sections
from workstation.reports.pdf_story import kind_title

AS_OF = date(2025, 6, 30)
TODAY = date(2025, 7, 1)


@pytest.fixture(scope="module")
def index() -> RecordIndex:
    ledger = demo.generate()
    return read_ledger(ledger.entries, cbp_issuer=ledger.cbp_issuer, at=datetime(2025, 7, 1, tzinfo=UTC))


def judged(index: RecordIndex, query: object, as_of: date | None = AS_OF) -> tuple[Judgement, LookupOutcome]:
    spec = LOOKUPS[query.kind]  # type: ignore[attr-defined]
    judgement: Judgement = spec.rule(query, index, as_of, TODAY)
    outcome = LookupOutcome(judgement.query, judgement.as_of, judgement.verdict, CheckpointFacts(1071, 0), 1,
                            judgement.supplier)  # fmt: skip
    return judgement, outcome


def test_a_filed_entry_is_judged_with_its_line_filled_in_and_cited(index: RecordIndex) -> None:
    judgement, outcome = judged(index, OriginByEntry("E-1031"))
    assert judgement.query == OriginByEntry("E-1031", 1)
    assert judgement.verdict.status is not Status.PASS and Reason.REVOKED_AFTER_CLAIM in judgement.verdict.reasons
    assert judgement.verdict.evidence[0].record_type == "EntrySummaryLine"
    context = LOOKUPS[LookupKind.ORIGIN].context(judgement.query, outcome, index)
    assert context.issuer(judgement.verdict.evidence[0].log_index) != "unknown"
    assert sections.tables(outcome, index) == ()  # an origin report has no kind-specific table


def test_each_finding_on_a_filed_entry_cites_the_filed_line_it_compares(index: RecordIndex) -> None:
    # The officer selects a FAIL row to see the records behind it; the entry line whose tariff number or
    # claim date the finding quotes is one of them (E-3002: HS_MISMATCH quotes the line's HTSUS number).
    for entry, reason in (("E-3002", Reason.HS_MISMATCH), ("E-1031", Reason.REVOKED_AFTER_CLAIM)):
        judgement, _ = judged(index, OriginByEntry(entry))
        (finding,) = [f for f in judgement.verdict.findings if f.reason is reason]
        assert finding.evidence[0] == judgement.verdict.evidence[0]
        assert finding.evidence[0].record_type == "EntrySummaryLine"
        assert len(set(finding.evidence)) == len(finding.evidence)


def test_a_date_left_out_is_today_except_for_a_product_judged_on_its_examination_day(index: RecordIndex) -> None:
    assert judged(index, OriginByEntry("E-1031"), None)[0].as_of == TODAY
    product = ProductQuery("LS-STR-01", "SS25", date(2025, 5, 7), colourway="SLV")
    assert judged(index, product, None)[0].as_of == date(2025, 5, 7)


def test_a_licence_chain_is_drawn_from_the_owner_down_and_tabled_for_the_report(index: RecordIndex) -> None:
    query = LicenceQuery("LARKSPUR", "Hilos del Valle", "6110.30", "SV", date(2025, 3, 1), facility="F-SV-013")
    judgement, outcome = judged(index, query)
    assert judgement.query is query  # the shipper stays as typed in the record of the check
    context = LOOKUPS[LookupKind.LICENCE].context(query, outcome, index)
    assert context.owner and context.chain and context.chain[-1].licensee.startswith("Hilos del Valle")
    (table,) = sections.tables(outcome, index)
    assert table.title == "License chain" and table.columns[0] == "Record" and table.rows


def test_the_report_lists_a_licence_chain_from_the_recordation_down(index: RecordIndex) -> None:
    # The rule walks up from the shipper's licence; the report used to print that order (L-201 above L-200).
    for shipper, facility, country, hs, chain in (
        ("Hilos del Valle", "F-SV-013", "SV", "6110.30", ["L-100", "L-101", "L-102"]),
        ("Pasos Finos", "F-GT-044", "GT", "6404.11", ["L-200", "L-201"]),
    ):
        query = LicenceQuery("LARKSPUR", shipper, hs, country, date(2025, 3, 1), facility=facility)
        _, outcome = judged(index, query)
        (table,) = sections.tables(outcome, index)
        records = [row[0] for row in table.rows]
        assert records[0] == "TMK 21-90017" and records[1:] == chain


def test_a_product_report_sets_expected_beside_observed(index: RecordIndex) -> None:
    features = (("quarter_panel_spi", 9.0), ("upper_material", None))
    query = ProductQuery("LS-STR-01", "SS25", date(2025, 5, 7), colourway="BKE", serial="LS25S700001",
                         factory="F-MX-017", features=features)  # fmt: skip
    judgement, outcome = judged(index, query)
    assert judgement.verdict.status is Status.FAIL and Reason.COLORWAY_NOT_PRODUCED in judgement.verdict.reasons
    context = LOOKUPS[LookupKind.PRODUCT].context(query, outcome, index)
    assert context.profile is not None and context.profile.label == "LS-STR-01 SS25"
    (table,) = sections.tables(outcome, index)
    observed = {row[0]: row[2] for row in table.rows}
    assert observed["colourway"] == "BKE" and observed["quarter_panel_spi"] == "9"
    assert observed["upper_material"] == "not observed" and observed["profile"] == "LS-STR-01 SS25"


def test_a_supplier_is_resolved_rated_and_tabled(index: RecordIndex) -> None:
    judgement, outcome = judged(index, SupplierQuery("talleres ocotillo"))
    assert isinstance(judgement.query, SupplierQuery) and judgement.query.party == "P-OCOTILLO"
    assert judgement.supplier is not None and judgement.supplier.rating.value == "HIGH"
    assert judgement.verdict.status is Status.REVIEW  # a rating informs; it is never a finding against goods
    context = LOOKUPS[LookupKind.SUPPLIER].context(judgement.query, outcome, index)
    assert context.subject.startswith("Talleres Ocotillo") and context.supplier_records
    rating, record = sections.tables(outcome, index)
    assert rating.title == "Supplier rating: HIGH" and record.title == "Supplier record"
    facts = sections.supplier_facts(outcome)
    assert facts is not None and facts.party_id == "P-OCOTILLO" and len(facts.months) == 24


def test_a_report_names_its_kind_from_the_spec() -> None:
    assert [kind_title(kind.value) for kind in LookupKind] == [spec.report_title for spec in LOOKUPS.values()]
    assert kind_title("colour") == "colour"


def test_a_sighting_is_signed_once_per_entry_and_serial(index: RecordIndex) -> None:
    key = SigningKey.from_seed(bytes(range(32)))
    seen = next(s for group in index.sightings.values() for s in group if s.entry_number)
    logged = ProductQuery("LS-STR-01", "SS25", date(2025, 6, 2), serial=seen.serial, entry=seen.entry_number)
    assert sighting.already_logged(logged.observation(index), index)
    fresh = ProductQuery("LS-STR-01", "SS25", date(2025, 6, 2), serial="LS25S700001", entry="E-2201")
    observed = fresh.observation(index)
    assert not sighting.already_logged(observed, index)
    entry = sighting.sighting_credential(observed, key, port="2304 Laredo")
    document = parse_json_object(entry.decode("utf-8"))
    verified = verify_credential(document, at=datetime(2025, 6, 3, tzinfo=UTC))
    assert verified.issuer == key.did
    subject = document["credentialSubject"]
    assert isinstance(subject, dict)
    assert subject["id"] == "SS-E-2201-LS25S700001" and subject["port"] == "2304 Laredo"
    assert sighting.sighting_credential(observed, key, port="2304 Laredo") == entry  # the same sighting, the same bytes
    unserialled = ProductQuery("LS-STR-01", "SS25", date(2025, 6, 2)).observation(index)
    with pytest.raises(InputError) as caught:
        sighting.sighting_credential(unserialled, key, port=None)
    assert caught.value.field == "serial"
