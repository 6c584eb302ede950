"""Report content survives its canonical JSON; the signature round-trips and fails on one changed byte."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ledger_client.credentials import SigningKey
from workstation.reports import signing
from workstation.reports.content import (
    Check,
    EvidenceBundle,
    MonthBar,
    Note,
    Person,
    RecordProof,
    ReportContent,
    SupplierFacts,
    Table,
)
from workstation.reports.errors import ContentSignatureError, MalformedQrError, MalformedReportError
from workstation.reports.qr import QrPayload

KEY = SigningKey.from_seed(bytes(range(32)))
RECORD = RecordProof("CertificationOfOrigin", "C-U-1", "urn:uuid:1", "did:key:z6Mk", "P-X", 7, "ab" * 32, True,
                     '{"a":"é"}', "c2sp.org/tlog-proof@v1\nindex 7\n\nnote — sig\n")  # fmt: skip


def content() -> ReportContent:
    return ReportContent(
        report_id="R-20250630-00000001", kind="supplier", created_at="2025-06-30T10:00:00Z",
        officer=Person("Officer", None, ()), input={"party": "P-X", "from": None, "n": [1, 2.5]},
        as_of="2025-06-30", verdict="FAIL", summary="s", reasons=("REVOKED",),
        checks=(Check("FAIL", "REVOKED", "fact <b>", ("C-U-1",)),), notes=(Note("AMENDED", "t"),),
        tables=(Table("T", ("a", "b"), (("1", "2"),)),),
        evidence=EvidenceBundle("log", 9, "note", ("w",), (RECORD,), RECORD),
        supplier=SupplierFacts("P-X", "HIGH", (MonthBar("2025-01", 2, 1),)), remarks="r", supersedes="R-0",
        supervisor=Person("Sup", "P-S", (KEY.did,)), approved_at="2025-06-30T11:00:00Z",
    )  # fmt: skip


def test_content_round_trips_through_its_canonical_json() -> None:
    c = content()
    assert ReportContent.from_canonical(c.canonical()) == c
    assert ReportContent.from_canonical(c.canonical()).canonical() == c.canonical()


@pytest.mark.parametrize("bad", [b"[]", b'{"schema": "other"}', b"\xff", b'{"a":1,"a":2}'])
def test_malformed_content_is_refused(bad: bytes) -> None:
    with pytest.raises(MalformedReportError):
        ReportContent.from_canonical(bad)


def test_signature_round_trip_and_one_changed_byte() -> None:
    signed = signing.sign(content(), KEY)
    assert signing.ReportSignature.from_bytes(signed.signature.to_bytes()) == signed.signature
    assert signing.verify_signature(signed.canonical, signed.signature).signer == KEY.did
    changed = signed.canonical.replace(b'"FAIL"', b'"PASS"', 1)
    with pytest.raises(ContentSignatureError):
        signing.verify_signature(changed, signed.signature)
    forged = signing.ReportSignature("R", signed.signature.content_sha256, KEY.did, bytes(64))
    with pytest.raises(ContentSignatureError):
        signing.verify_signature(signed.canonical, forged)


def test_only_approved_content_by_its_supervisor_is_signed() -> None:
    with pytest.raises(ValueError, match="approved"):
        signing.sign(replace(content(), supervisor=None), KEY)
    with pytest.raises(ValueError, match="registered keys"):
        signing.sign(content(), SigningKey.from_seed(bytes(32)))


def test_qr_payload_round_trips_and_verifies() -> None:
    signed = signing.sign(content(), KEY)
    payload = QrPayload.of(signed.signature)
    parsed = QrPayload.parse(payload.to_text())
    parsed.check_signature()
    parsed.check_against(signed.signature)
    with pytest.raises(MalformedQrError):
        QrPayload.parse("CWR1;x;y")
