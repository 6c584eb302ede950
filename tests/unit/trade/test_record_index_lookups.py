"""The record index's secondary indexes answer exactly what a scan of every record answers (demo ledger)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from trade import demo, record_index
from trade.record_index import RecordIndex, fold_name


@pytest.fixture(scope="module")
def index() -> RecordIndex:
    ledger = demo.generate()
    return record_index.read_ledger(ledger.entries, cbp_issuer=ledger.cbp_issuer, at=datetime(2025, 6, 30, tzinfo=UTC))


def test_certifications_and_verifications_by_party_are_the_scans(index: RecordIndex) -> None:
    for party in index.parties:
        scanned = [
            c
            for c in index.certifications.values()
            if party in (c.exporter, c.producer, c.certifier.party_id or c.provenance.signer_party)
        ]
        assert index.certifications_by_party.get(party, []) == scanned
        assert index.verifications_by_party.get(party, []) == [v for v in index.verifications if v.party_id == party]
    assert any(index.certifications_by_party.values()) and any(index.verifications_by_party.values())


def test_entry_lines_by_entry_and_by_certification_are_the_scans(index: RecordIndex) -> None:
    lines = list(index.entry_lines.values())
    for line in lines[:200]:
        for key in (line.line.line_id, line.line.entry_number):
            assert list(index.lines_of_entry(key)) == [s for s in lines if key in (s.line.line_id, s.line.entry_number)]
    for cid in index.certifications:
        assert index.lines_by_certification.get(cid, []) == [s for s in lines if s.line.certification_id == cid]


def test_name_prefixes_and_verifications_about_are_the_scans(index: RecordIndex) -> None:
    for party in list(index.parties.values())[:30]:
        for prefix in (fold_name(party.legal_name)[:1], fold_name(party.legal_name)[:6]):
            scanned = {p.party_id for p in index.parties.values() if fold_name(p.legal_name).startswith(prefix)}
            assert {p.party_id for p in index.parties_named(prefix)} == scanned
        certs = {c.certification_id for c in index.certifications_by_party.get(party.party_id, [])}
        about = [
            v for v in index.verifications if v.party_id == party.party_id or not certs.isdisjoint(v.certification_ids)
        ]
        assert index.verifications_about([party.party_id], certs) == about
    assert fold_name("  Fábrica DEL Norte ") == "fabrica del norte"


def test_records_at_a_log_index_are_the_scan(index: RecordIndex) -> None:
    def at(record: object) -> int:
        return record.log_index if isinstance(record, record_index.FailedRecord) else record.provenance.log_index  # type: ignore[attr-defined]

    last = at(index.records[-1])
    for log_index in (0, 1, last // 2, last, last + 1):
        assert index.records_at(log_index) == tuple(r for r in index.records if at(r) == log_index)
