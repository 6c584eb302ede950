"""The demo ledger: deterministic, verifiable (all but C-U-015), and every docs/domain.md §6 anchor as described."""

from __future__ import annotations

import filecmp
import hashlib
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from ledger_client.credentials import load_key_file
from ledger_client.keys import SigningKey as NoteKey
from ledger_client.trust import parse_trust_file
from trade import demo, licences, origin, products, suppliers
from trade.licences import LicenceQuestion
from trade.products import ItemInHand
from trade.record_index import RecordIndex, read_ledger
from trade.record_types import CertifierRole, FailedRecord, PartyRegistration, StatusKind, Vocabulary
from trade.suppliers import Rating, Trigger
from trade.verdicts import NoteKind, Reason, Status

AS_OF = demo.AS_OF
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def ledger() -> demo.DemoLedger:
    return demo.generate()


@pytest.fixture(scope="module")
def records(ledger: demo.DemoLedger) -> RecordIndex:
    return read_ledger(ledger.entries, cbp_issuer=ledger.cbp_issuer, at=datetime(2025, 7, 1, tzinfo=UTC))


@pytest.mark.slow
def test_same_seed_same_bytes_other_seed_other_bytes(ledger: demo.DemoLedger) -> None:
    assert demo.generate(demo.DEFAULT_SEED).entries == ledger.entries
    assert demo.generate(7).entries[0] != ledger.entries[0]
    script = (
        "import hashlib; from trade import demo; print(hashlib.sha256(b''.join(demo.generate().entries)).hexdigest())"
    )
    other_process = subprocess.run(  # another interpreter, another hash seed: no set order leaks into the bytes
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert other_process.stdout.strip() == hashlib.sha256(b"".join(ledger.entries)).hexdigest()


def test_every_record_but_c_u_015_verifies(ledger: demo.DemoLedger, records: RecordIndex) -> None:
    failed = [r for r in records.records if isinstance(r, FailedRecord)]
    assert [(f.claimed_id, f.reason) for f in failed] == [("C-U-015", Reason.BAD_SIGNATURE)]
    assert [ledger.record_ids[i] for i in ledger.tampered] == ["C-U-015"]
    assert max(len(entry) for entry in ledger.entries) <= 64 * 1024


def test_registrations_come_first(records: RecordIndex) -> None:
    kinds = [isinstance(r, PartyRegistration) for r in records.records]
    assert kinds[:60] == [True] * 60
    assert not any(kinds[60:])


def ours(items: dict[str, Any]) -> dict[str, Any]:
    """The records in our own vocabulary (the totals of the demo ledger's description)."""
    return {k: v for k, v in items.items() if _provenance(v).vocabulary is Vocabulary.TRADE}


def _provenance(item: Any) -> Any:
    return item.provenance


def test_totals(records: RecordIndex) -> None:
    certs = ours(records.certifications)
    assert len(certs) + 1 == 240
    assert Counter(c.agreement.value for c in certs.values()) + Counter({"USMCA": 1}) == Counter(
        {"NAFTA": 40, "USMCA": 150, "CAFTA-DR": 50}
    )
    statuses = Counter(s.kind for group in records.statuses.values() for s in group)
    assert statuses == {StatusKind.REVOKED: 17, StatusKind.SUPERSEDED: 19, StatusKind.AMENDED: 12}
    expired = [
        c
        for c in certs.values()
        if c.blanket and c.blanket.end and c.blanket.end < AS_OF and c.certification_id not in records.statuses
    ]
    assert len(expired) == 60
    assert len(ours(records.entry_lines)) == 600
    assert Counter(v.outcome.value for v in records.verifications) == {
        "affirmed": 15,
        "denied_no_reply": 3,
        "denied_not_originating": 6,
        "denied_visit_refused": 1,
        "pending": 4,
        "pattern": 1,
    }
    assert len(records.recordations) == 6
    assert all(r.registration.digits >= "9900000" and len(r.registration.digits) == 7 for r in records.recordations)
    assert len(ours(records.licences)) == 16
    assert sum(lic.parent is not None for lic in records.licences.values()) == 6
    terminated = {e.licence_id for group in records.events.values() for e in group if e.kind.value == "terminated"}
    assert len(terminated) == 3
    assert len(records.profiles) == 12
    assert all(len({p.season for p in group}) == 4 for group in records.profiles.values())


def test_about_one_line_in_ten_fails(records: RecordIndex) -> None:
    lines = ours(records.entry_lines).values()
    statuses = Counter(origin.check_origin(e.line, records, as_of=AS_OF).status for e in lines)
    assert 0.08 <= statuses[Status.FAIL] / 600 <= 0.12


ANCHOR_LINES = {
    "E-1001": (Status.PASS, ()),
    "E-1002": (Status.FAIL, (Reason.BLANKET_NOT_COVERING,)),
    "E-1003": (Status.PASS, ()),
    "E-1004": (Status.FAIL, (Reason.CERTIFIER_MISMATCH,)),
    "E-1005": (Status.PASS, ()),
    "E-1006": (Status.FAIL, (Reason.HS_MISMATCH,)),
    "E-1007": (Status.PASS, ()),
    "E-1008": (Status.REVIEW, (Reason.HS_EDITION_CHANGE,)),
    "E-1009": (Status.PASS, ()),
    "E-1010": (Status.FAIL, (Reason.CERTIFIER_NOT_PERMITTED,)),
    "E-1011": (Status.PASS, ()),
    "E-1012": (Status.FAIL, (Reason.AGREEMENT_NOT_IN_FORCE,)),
    "E-1013": (Status.FAIL, (Reason.SIGNED_AFTER_CLAIM,)),
    "E-1014": (Status.PASS, ()),
    "E-1015": (Status.PASS, ()),
    "E-1016": (Status.PASS, ()),
    "E-1017": (Status.FAIL, (Reason.PREFERENCE_WITHHELD,)),
    "E-1018": (Status.PASS, ()),
    "E-1019": (Status.FAIL, (Reason.CRITERION_INVALID,)),
    "E-1020": (Status.FAIL, (Reason.AGREEMENT_MISMATCH,)),
    "E-1021": (Status.UNVERIFIABLE, (Reason.BAD_SIGNATURE,)),
    "E-1022": (Status.REVIEW, (Reason.IMPORTER_KNOWLEDGE_CLAIM,)),
    "E-1023": (Status.NOT_FOUND, (Reason.NO_CERTIFICATION,)),
    "E-1024": (Status.FAIL, (Reason.VERIFICATION_NEGATIVE,)),
    "E-1025": (Status.FAIL, (Reason.PARTY_MISMATCH,)),
    "E-1026": (Status.FAIL, (Reason.BLANKET_TOO_LONG,)),
    "E-1027": (Status.FAIL, (Reason.MISSING_ELEMENT,)),
    "E-1028": (Status.PASS, ()),
    "E-1031": (Status.FAIL, (Reason.REVOKED_AFTER_CLAIM,)),
}


@pytest.mark.parametrize("line_id", sorted(ANCHOR_LINES))
def test_anchor_lines(records: RecordIndex, line_id: str) -> None:
    verdict = origin.check_origin(records.entry_lines[line_id].line, records, as_of=AS_OF)
    assert (verdict.status, verdict.reasons) == ANCHOR_LINES[line_id]


TRACEABILITY_LINES = {
    "E-3001": (Status.PASS, ()),
    "E-3002": (Status.FAIL, (Reason.HS_MISMATCH,)),
}


@pytest.mark.parametrize("line_id", sorted(TRACEABILITY_LINES))
def test_traceability_anchor_lines(records: RecordIndex, line_id: str) -> None:
    entry = records.entry_lines[line_id]
    assert entry.provenance.vocabulary is Vocabulary.TRACEABILITY
    verdict = origin.check_origin(entry.line, records, as_of=AS_OF)
    assert (verdict.status, verdict.reasons) == TRACEABILITY_LINES[line_id]
    assert {ev.vocabulary for ev in verdict.evidence} == {"traceability"}


def test_tr_usmca_001_is_one_certification_of_two_goods(records: RecordIndex) -> None:
    goods = records.goods["TR-USMCA-001"]
    assert [(g.hs and g.hs.text, g.provenance.item, g.criterion) for g in goods] == [
        ("7323.93", 0, "B"),
        ("7326.90", 1, "B"),
    ]
    first = goods[0]
    assert (first.certifier.party_id, first.certifier.role, first.exporter, first.producer, first.importer) == (
        "P-NOPAL",
        CertifierRole.PRODUCER,
        "P-NOPAL",
        "P-NOPAL",
        "P-BLUEGILL",
    )
    assert first.blanket is not None
    assert (first.blanket.start, first.blanket.end, first.signed_on) == (
        date(2025, 1, 1),
        date(2025, 12, 31),
        date(2024, 12, 15),
    )
    assert {g.provenance.log_index for g in goods} == {goods[0].provenance.log_index}


def test_tr_lic_001_is_found_by_the_licence_chain_lookup(records: RecordIndex) -> None:
    question = LicenceQuestion("LARKSPUR", "P-FJELL", date(2025, 5, 2), "6110.20", "NO")
    verdict = licences.check_licence(question, records, as_of=AS_OF)
    assert (verdict.status, verdict.reasons) == (Status.REVIEW, (Reason.NOT_IN_VOCABULARY,))
    assert "TR-LIC-001" in {ev.record_id for ev in verdict.evidence}
    assert "TR-IPR-001" in {ev.record_id for ev in verdict.evidence}
    (finding,) = verdict.findings
    assert "marks" in finding.fact and "markets" in finding.fact


def test_superseded_anchor_notes_its_successor(records: RecordIndex) -> None:
    verdict = origin.check_origin(records.entry_lines["E-1015"].line, records, as_of=AS_OF)
    assert NoteKind.SUPERSEDED_BY in verdict.note_kinds


def test_named_anchor_certifications(records: RecordIndex) -> None:
    c003 = records.certifications["C-U-003"]
    assert (c003.exporter, c003.importer, c003.hs and c003.hs.text) == ("P-OCOTILLO", "P-HARBORLINE", "7326.90")
    assert [(s.kind, s.effective) for s in records.statuses["C-U-003"]] == [(StatusKind.REVOKED, date(2025, 2, 11))]
    e1031 = records.entry_lines["E-1031"].line
    assert (e1031.import_date, e1031.claim_date, e1031.certification_id) == (
        date(2024, 10, 2),
        date(2024, 10, 14),
        "C-U-003",
    )
    c008 = records.certifications["C-N-008"]
    assert (c008.certifier.party_id, c008.signed_on) == ("P-BLUEGILL", date(2019, 9, 2))
    assert records.statuses["C-U-011"][0].superseded_by == "C-U-011A"


def test_revocations_never_claimed_except_c_u_003(records: RecordIndex) -> None:
    claimed = {e.line.certification_id for e in records.entry_lines.values()}
    revoked = {cid for cid, group in records.statuses.items() if any(s.kind is StatusKind.REVOKED for s in group)}
    assert revoked & claimed == {"C-U-003"}


EXPECTED_RATINGS = {
    "P-NOPAL": (Rating.LOW, set()),
    "P-CENZONTLE": (Rating.LOW, set()),
    "P-COLIBRI": (Rating.LOW, set()),
    "P-TIDEWATER": (Rating.LOW, set()),
    "P-BRISA": (Rating.LOW, set()),
    "P-QUETZAL": (Rating.LOW, set()),
    "P-MAPLEWICK": (Rating.ELEVATED, {Trigger.NEGATIVE_VERIFICATIONS}),
    "P-ISTMO": (Rating.ELEVATED, {Trigger.CERTIFIER_ANOMALIES}),
    "P-VOLCAN": (Rating.ELEVATED, {Trigger.REVOCATION_RATE}),
    "P-OCOTILLO": (Rating.HIGH, {Trigger.REVOCATION_RATE, Trigger.REVOCATIONS_AFTER_CLAIM}),
    "P-LOONRIDGE": (Rating.HIGH, {Trigger.WITHHOLDING}),
    "P-NUEVOHORIZONTE": (Rating.NEW, {Trigger.NEW_SUPPLIER}),
}


def test_supplier_histories_add_up(records: RecordIndex) -> None:
    for party, (rating, triggers) in EXPECTED_RATINGS.items():
        result = suppliers.supplier_history(party, records, as_of=AS_OF)
        assert (party, result.rating, {t.trigger for t in result.triggers}) == (party, rating, triggers)
    ocotillo = suppliers.supplier_history("P-OCOTILLO", records, as_of=AS_OF)
    assert (ocotillo.issued, ocotillo.revoked, ocotillo.revocations_after_claim) == (14, 3, 1)
    maplewick = suppliers.supplier_history("P-MAPLEWICK", records, as_of=AS_OF)
    assert (maplewick.issued, maplewick.revoked, maplewick.revocations_after_claim) == (12, 1, 0)
    loonridge = suppliers.supplier_history("P-LOONRIDGE", records, as_of=AS_OF)
    assert (loonridge.issued, loonridge.revoked, loonridge.first_seen) == (6, 0, date(2023, 9, 12))
    nuevo = suppliers.supplier_history("P-NUEVOHORIZONTE", records, as_of=AS_OF)
    assert (nuevo.issued, nuevo.first_seen) == (2, date(2025, 5, 30))


LICENCE_QUESTIONS = [
    (("P-TIDEWATER", "6110.30", "MX", "F-MX-021", "US"), Status.PASS, ()),
    (("P-GUACAMAYA", "6110.30", "HN", "F-HN-008", "US"), Status.PASS, ()),
    (("P-HILOS", "6110.30", "SV", "F-SV-013", "US"), Status.FAIL, (Reason.SUBLICENSING_NOT_ALLOWED,)),
    (("P-PASOSFINOS", "6404.11", "GT", "F-GT-044", "US"), Status.FAIL, (Reason.PARENT_TERMINATED,)),
    (("P-NORTHGATE", "6201.40", "CA", "F-CA-005", "US"), Status.FAIL, (Reason.SCOPE_TERRITORY,)),
    (("P-CENZONTLE", "6110.30", "MX", None, "US"), Status.FAIL, (Reason.NO_LICENCE,)),
]


@pytest.mark.parametrize(("question", "status", "reasons"), LICENCE_QUESTIONS)
def test_larkspur_licence_anchors(
    records: RecordIndex, question: tuple[str, ...], status: Status, reasons: tuple[Reason, ...]
) -> None:
    shipper, hs, making, facility, market = question
    query = LicenceQuestion("LARKSPUR", shipper, date(2025, 3, 1), hs, making, market=market, facility=facility)
    verdict = licences.check_licence(query, records, as_of=AS_OF)
    assert (verdict.status, verdict.reasons) == (status, reasons)


def test_other_licence_anchors(records: RecordIndex) -> None:
    def ask(
        mark: str, shipper: str, hs: str, making: str, facility: str, **extra: object
    ) -> tuple[Status, tuple[Reason, ...]]:
        query = LicenceQuestion(mark, shipper, date(2025, 5, 15), hs, making, facility=facility, **extra)  # type: ignore[arg-type]
        verdict = licences.check_licence(query, records, as_of=AS_OF)
        return verdict.status, verdict.reasons

    assert ask("MARROWBANK", "P-SAMPAN", "8518.22", "TH", "F-TH-014") == (Status.PASS, ())  # L-611 survives L-610
    assert ask("KESTREL RIDGE", "P-FJELL", "6201.40", "NO", "F-NO-010") == (Status.FAIL, (Reason.LICENCE_SUSPENDED,))
    assert ask("ORLA VINTER", "P-TALUS", "7323.93", "PT", "F-PT-003", quantity_to_date=12_500) == (
        Status.REVIEW,
        (Reason.QUANTITY_EXCEEDED,),
    )
    assert ask("TESSEL & FINCH", "P-BALSAM", "4202.21", "IN", "F-IN-022") == (
        Status.REVIEW,
        (Reason.RECORDATION_EXPIRED,),
    )
    assert ask("QUILLFEATHER", "P-ALBARDA", "6912.00", "ES", "F-ES-007")[0] is Status.PASS  # L-501 (L-510 ended)


def test_profile_ls_str_01(records: RecordIndex) -> None:
    ss25 = products.find_profile("LS-STR-01", "SS25", records)
    assert ss25 is not None
    assert ss25.colourways == {"SLV", "BNV"}
    assert {f.name: (f.minimum, f.maximum, f.unit, f.value) for f in ss25.features} == {
        "quarter_panel_spi": (8.0, 10.0, "stitches per inch", None),
        "upper_material": (None, None, None, "recycled polyester knit"),
    }
    assert ss25.factories == {"F-MX-017"}
    fw24 = products.find_profile("LS-STR-01", "FW24", records)
    assert fw24 is not None
    assert fw24.colourways == {"BKE", "MOS"}
    item = ItemInHand(
        "LS-STR-01",
        "SS25",
        "SLV",
        {"quarter_panel_spi": 9, "upper_material": "recycled polyester knit"},
        "LS25S004211",
        "F-MX-017",
        "H2L-3310451-5",
    )
    verdict = products.check_product(item, records, as_of=AS_OF)
    assert (verdict.status, verdict.reasons) == (Status.REVIEW, (Reason.SERIAL_DUPLICATE,))
    fresh = ItemInHand(
        "LS-STR-01",
        "SS25",
        "SLV",
        {"quarter_panel_spi": 9, "upper_material": "recycled polyester knit"},
        "LS25S700001",
        "F-MX-017",
    )
    assert products.check_product(fresh, records, as_of=AS_OF).status is Status.PASS


def test_written_resources_match_the_committed_ones(tmp_path: Path, ledger: demo.DemoLedger) -> None:
    written = demo.write_resources(tmp_path, demo.DEFAULT_SEED)
    committed = REPO / "resources" / "demo"
    for path in written:
        assert filecmp.cmp(path, committed / path.relative_to(tmp_path), shallow=False), path.name
    trust = parse_trust_file((committed / "trust.json").read_bytes())
    assert trust.origin == demo.LOG_ORIGIN
    assert trust.log_key == ledger.keys.log.verifier()
    assert NoteKey.from_private_key((committed / "log.key").read_text()) == ledger.keys.log
    assert NoteKey.from_private_key((committed / "witness.key").read_text()) == ledger.keys.witness
    officer = load_key_file(committed / "officer.key")
    assert officer.demo
    assert officer.key.did == ledger.keys.party("P-OFFICER-DEMO").did
    assert load_key_file(committed / "DEMO_cbp.key").key.did == ledger.cbp_issuer
