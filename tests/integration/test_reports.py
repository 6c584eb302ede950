"""Signed reports on the demo ledger: build, approve, render, verify; and each tampering it must catch.

The ledger is served over loopback HTTP with the test log keys (as in ``test_demo_lookups``);
reports are approved with the published DEMO supervisor key.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

import ledger_client
from ledger_client import version
from ledger_client.credentials import SigningKey, load_key_file
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from workstation import profiles, session
from workstation.__main__ import main
from workstation.lookups.queries import LicenceQuery, OriginByEntry, ProductQuery, SupplierQuery
from workstation.reports import keystore, pdf, signing
from workstation.reports.content import ReportContent
from workstation.reports.errors import NotASupervisorError, ReportStateError, ReportVerificationError
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.qr import QrPayload
from workstation.reports.seal import seal
from workstation.reports.verify import verify_qr, verify_report
from workstation.reports.workflow import ReportState, ReportWorkflow

AS_OF = date(2025, 6, 30)
PASSPHRASE = "demo officer passphrase"
SHIPMENT = {
    "shipment": "S-1", "shipper": "Hilos del Valle", "facility": "F-SV-013", "mark": "LARKSPUR", "goods": "hoodies",
    "hs": "6110.30", "making_country": "SV", "ship_date": "2025-03-01", "market": "US",
}  # fmt: skip
OBSERVATION = {
    "entry": "E-2201", "date": "2025-05-07", "importer": "Harborline", "profile": "LS-STR-01", "season": "SS25",
    "colourway": "SLV", "serial": "LS25S700001", "factory": "F-MX-017",
    "features": {"quarter_panel_spi": 7, "upper_material": "recycled polyester knit"},
}  # fmt: skip


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A profile synced with the demo ledger, its open session, and the trust file's path."""
    ledger = demo.generate()
    home = tmp_path_factory.mktemp("xdg")
    trust = tmp_path_factory.mktemp("trust") / "trust.json"
    trust.write_text(json.dumps({**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}))
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish()
    env = {"XDG_DATA_HOME": str(home), "WORKSTATION_PASSPHRASE": PASSPHRASE}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        with serve(served) as url:
            assert main(["sync", "--ledger", url, "--trust", str(trust)]) == 0
        opened = session.open_session(profiles.Profile.named("default"), PASSPHRASE)
        try:
            yield {"session": opened, "trust_path": trust, "trust": ledger_client.parse_trust_file(trust.read_bytes()),
                   "env": env, "cbp": ledger.cbp_issuer}  # fmt: skip
        finally:
            opened.close()


@pytest.fixture(scope="module")
def supervisor() -> keystore.SupervisorKey:
    return keystore.load_supervisor_key(keystore.demo_key_path())


def _outcome(opened: session.Session, kind: str):  # type: ignore[no-untyped-def]
    runner = opened.lookups()
    match kind:
        case "origin":
            return runner.run(OriginByEntry("E-1031"), AS_OF)
        case "licence":
            return runner.run(LicenceQuery.from_json(dict(SHIPMENT)), AS_OF)
        case "product":
            return runner.run(ProductQuery.from_json(dict(OBSERVATION)))
        case _:
            return runner.run(SupplierQuery("talleres ocotillo"), AS_OF)


@pytest.fixture(scope="module")
def issued(world: dict[str, object], supervisor: keystore.SupervisorKey) -> dict[str, tuple[bytes, str]]:
    """One approved report per kind: (pdf bytes, report id)."""
    opened = world["session"]
    assert isinstance(opened, session.Session)
    evidence = LedgerEvidence.from_session(opened)
    flow = ReportWorkflow.from_session(opened)
    out = {}
    for kind in ("origin", "licence", "product", "supplier"):
        draft = flow.draft(_outcome(opened, kind), evidence, officer=evidence.person("default", None))
        stored = flow.approve(draft.report_id, supervisor, evidence, page_size="letter" if kind == "licence" else "a4")
        assert stored.pdf is not None
        out[kind] = (stored.pdf, stored.report_id)
    return out


def _trust(world: dict[str, object]) -> ledger_client.TrustConfig:
    trust = world["trust"]
    assert isinstance(trust, ledger_client.TrustConfig)
    return trust


def _reason(data: bytes, trust: ledger_client.TrustConfig) -> str:
    with pytest.raises(ReportVerificationError) as caught:
        verify_report(data, trust)
    return caught.value.reason


def _files(data: bytes) -> dict[str, bytes]:
    return {name: versions[0] for name, versions in PdfReader(io.BytesIO(data)).attachments.items()}


def _signed(data: bytes) -> signing.SignedReport:
    files = _files(data)
    canonical = files[pdf.CONTENT_NAME]
    signature = signing.ReportSignature.from_bytes(files[pdf.SIGNATURE_NAME])
    return signing.SignedReport(ReportContent.from_canonical(canonical), canonical, signature)


# ---------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("kind", ["origin", "licence", "product", "supplier"])
def test_each_kind_round_trips_and_its_attachments_match_the_content(world, issued, kind) -> None:  # type: ignore[no-untyped-def]
    data, report_id = issued[kind]
    result = verify_report(data, _trust(world))
    assert result.content.report_id == report_id
    assert result.content.kind == kind
    assert result.supervisor.party_id == "P-SUPERVISOR-DEMO"
    files = _files(data)
    content = ReportContent.from_canonical(files[pdf.CONTENT_NAME])
    assert files[pdf.CONTENT_NAME] == content.canonical()
    signature = signing.ReportSignature.from_bytes(files[pdf.SIGNATURE_NAME])
    assert signing.verify_signature(files[pdf.CONTENT_NAME], signature).content_sha256 == content.sha256()
    assert files[pdf.CHECKPOINT_NAME] == content.evidence.checkpoint_note.encode()
    for record in content.evidence.all_records():
        entry = files[pdf.record_name(record.log_index)]
        assert entry == record.credential.encode()
        proof = files[pdf.proof_name(record.log_index)]
        assert ledger_client.proof_file.verify(proof, entry, SignedLog().trust(quorum=2)).index == record.log_index
    assert content.evidence.supervisor_registration is not None
    assert content.verdict == result.to_json()["verdict"]


def test_verdicts_and_kind_sections_are_the_lookups(world, issued) -> None:  # type: ignore[no-untyped-def]
    by_kind = {k: verify_report(d, _trust(world)).content for k, (d, _id) in issued.items()}
    assert (by_kind["origin"].verdict, by_kind["origin"].reasons) == ("FAIL", ("REVOKED_AFTER_CLAIM",))
    assert by_kind["licence"].tables[0].title == "License chain"
    # read down from the recordation, as the window draws the chain (owner → licensee → sub-licensee)
    assert [r[0] for r in by_kind["licence"].tables[0].rows] == ["TMK 21-90017", "L-100", "L-101", "L-102"]
    product_rows = {r[0]: r for r in by_kind["product"].tables[0].rows}
    assert product_rows["quarter_panel_spi"][2] == "7"
    supplier = by_kind["supplier"].supplier
    assert supplier is not None and supplier.rating == "HIGH" and len(supplier.months) == 24


def test_pages_state_the_verdict_in_words_not_judgements(issued) -> None:  # type: ignore[no-untyped-def]
    for data, report_id in issued.values():
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
        assert report_id in text and "Page 1 of" in text
        for word in ("genuine", "counterfeit", "seize"):
            assert word not in text.lower()


def test_letter_and_a4_page_sizes(issued) -> None:  # type: ignore[no-untyped-def]
    letter = PdfReader(io.BytesIO(issued["licence"][0])).pages[0].mediabox
    a4 = PdfReader(io.BytesIO(issued["origin"][0])).pages[0].mediabox
    assert (round(float(letter.width)), round(float(letter.height))) == (612, 792)
    assert (round(float(a4.width)), round(float(a4.height))) == (595, 842)


# ---------------------------------------------------------------------------- tampering


def test_flipped_byte_in_the_pdf_is_document_altered(world, issued) -> None:  # type: ignore[no-untyped-def]
    data = bytearray(issued["origin"][0])
    at = data.index(b"ReportLab PDF Library")
    data[at] ^= 0x01
    assert _reason(bytes(data), _trust(world)) == "DOCUMENT_ALTERED"


def test_no_flipped_byte_anywhere_gives_a_valid_report(world, issued, caplog) -> None:  # type: ignore[no-untyped-def]
    original = issued["product"][0]
    step = max(1, len(original) // 60)
    for at in range(0, len(original), step):
        data = bytearray(original)
        data[at] ^= 0x20
        with pytest.raises(ReportVerificationError):
            verify_report(bytes(data), _trust(world))


def test_changed_verdict_in_the_embedded_json_breaks_the_signature(world, issued, supervisor) -> None:  # type: ignore[no-untyped-def]
    data = issued["product"][0]
    files = _files(data)
    del files["seal.json"]
    content = json.loads(files[pdf.CONTENT_NAME])
    content["verdict"] = "PASS"
    content["reasons"] = []
    files[pdf.CONTENT_NAME] = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    signed = _signed(data)
    forged = seal(pdf.embed(pdf.render_pages(signed.content, signed.signature), files), supervisor.key)
    assert _reason(forged, _trust(world)) == "SIGNATURE_INVALID"


def test_re_rendered_pdf_with_edited_visible_text_is_caught(world, issued, supervisor) -> None:  # type: ignore[no-untyped-def]
    data = issued["licence"][0]
    signed = _signed(data)
    edited = replace(signed.content, verdict="PASS", reasons=(), checks=())
    forged = seal(pdf.embed(pdf.render_pages(edited, signed.signature), pdf.attachments(signed)), supervisor.key)
    with pytest.raises(ReportVerificationError) as caught:
        verify_report(forged, _trust(world))
    assert caught.value.reason == "VISIBLE_TEXT_MISMATCH"
    assert "Verdict: FAIL" in caught.value.details()["missing"]  # type: ignore[operator]


def _signed_by(world, data: bytes, key: SigningKey, party: str) -> bytes:  # type: ignore[no-untyped-def]
    """The report re-approved by ``key`` as if it were ``party``'s, with that party's registration."""
    opened = world["session"]
    evidence = LedgerEvidence.from_session(opened)
    registration = opened.trade_view().source().party(party)
    assert registration is not None
    proof = evidence.record(registration.provenance.log_index, registration.provenance.evidence)
    content = _signed(data).content
    person = replace(evidence.person(registration.legal_name, registration.keys[0]), keys=(key.did,))
    resigned = signing.sign(content.approved(person, proof, content.approved_at or ""), key)
    return pdf.render_report(resigned, key)


def test_signature_by_a_registered_officer_not_a_supervisor(world, issued) -> None:  # type: ignore[no-untyped-def]
    officer = load_key_file(Path(keystore.demo_key_path()).with_name("officer.key")).key
    forged = _signed_by(world, issued["origin"][0], officer, "P-OFFICER-DEMO")
    assert _reason(forged, _trust(world)) == "SIGNER_NOT_SUPERVISOR"


def test_signature_by_an_unregistered_key(world, issued) -> None:  # type: ignore[no-untyped-def]
    forged = _signed_by(world, issued["origin"][0], SigningKey.from_seed(bytes(range(32))), "P-SUPERVISOR-DEMO")
    assert _reason(forged, _trust(world)) == "SIGNER_NOT_SUPERVISOR"


def test_swapped_proof_is_a_proof_mismatch(world, issued, supervisor) -> None:  # type: ignore[no-untyped-def]
    data = issued["licence"][0]
    signed = _signed(data)
    files = pdf.attachments(signed)
    a, b = (pdf.proof_name(r.log_index) for r in signed.content.evidence.records[:2])
    files[a], files[b] = files[b], files[a]
    forged = seal(pdf.embed(pdf.render_pages(signed.content, signed.signature), files), supervisor.key)
    with pytest.raises(ReportVerificationError) as caught:
        verify_report(forged, _trust(world))
    assert caught.value.reason == "PROOF_MISMATCH"
    assert caught.value.details()["name"] == a


def test_checkpoint_from_another_log_is_not_trusted(world, issued) -> None:  # type: ignore[no-untyped-def]
    other = SignedLog(origin="other.example/ledger")
    other.log_key = other.log_key.__class__("other.example/ledger", other.log_key.type, bytes(32))
    trust = ledger_client.parse_trust_file(json.dumps({**other.trust_json(), "cbp_issuer_key": world["cbp"]}).encode())
    assert _reason(issued["origin"][0], trust) == "CHECKPOINT_NOT_TRUSTED"


def test_truncated_file(world, issued) -> None:  # type: ignore[no-untyped-def]
    data = issued["origin"][0]
    assert _reason(data[: len(data) // 2], _trust(world)) == "TRUNCATED"


@pytest.mark.parametrize("data", [b"", b"hello", b"\x89PNG\r\n\x1a\n" + bytes(100), b'{"valid": true}'])
def test_a_file_that_is_not_a_pdf(world, data) -> None:  # type: ignore[no-untyped-def]
    assert _reason(data, _trust(world)) == "NOT_A_PDF"


def test_an_update_appended_after_the_seal_is_caught(world, issued) -> None:  # type: ignore[no-untyped-def]
    writer = PdfWriter(io.BytesIO(issued["origin"][0]), incremental=True)
    writer.add_attachment("note.txt", b"appended later")
    out = io.BytesIO()
    writer.write(out)
    assert _reason(out.getvalue(), _trust(world)) == "DOCUMENT_ALTERED"


def test_a_pdf_without_the_report_files(world) -> None:  # type: ignore[no-untyped-def]
    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    out = io.BytesIO()
    writer.write(out)
    assert _reason(out.getvalue(), _trust(world)) == "MISSING_ATTACHMENT"


# ---------------------------------------------------------------------------- QR


def test_qr_payload_checks_against_its_report_and_not_another(world, issued) -> None:  # type: ignore[no-untyped-def]
    origin, product = issued["origin"][0], issued["product"][0]
    payload = QrPayload.of(_signed(origin).signature).to_text()
    assert verify_qr(payload, origin, _trust(world)).report_id == issued["origin"][1]
    assert verify_qr(payload, None, None).report_id == issued["origin"][1]
    with pytest.raises(ReportVerificationError) as caught:
        verify_qr(payload, product, _trust(world))
    assert caught.value.reason == "QR_MISMATCH"
    with pytest.raises(ReportVerificationError) as caught:
        verify_qr(payload.replace("CWR2;", "CWR9;"), None, None)
    assert caught.value.reason == "MALFORMED_QR"


def _qr_altered(world, issued, field: str) -> str:  # type: ignore[no-untyped-def]
    parts = QrPayload.of(_signed(issued["origin"][0]).signature).to_text().split(";")
    other = _signed(issued["product"][0]).signature
    match field:
        case "report_id":
            parts[1] = other.report_id
        case "content_sha256":
            parts[2] = signing.b64url(other.content_sha256)
        case "supervisor":
            parts[3] = load_key_file(Path(keystore.demo_key_path()).with_name("officer.key")).key.did
        case "base64":
            parts[4] += "=="
        case "base64_junk":
            parts[4] = parts[4][:20] + "\n" + parts[4][20:]
        case "bidi_id":
            parts[1] = "R-2025\u202e0630"
        case "unbound_format":
            parts[0] = "CWR1"
        case "self_signed":  # a forger signs his own id and hash with a registered key that is not a supervisor's
            officer = load_key_file(Path(keystore.demo_key_path()).with_name("officer.key")).key
            rid = "R-20250101-DEADBEEF"
            sig = officer.sign(signing.signed_message(rid, other.content_sha256, officer.did))
            return QrPayload(rid, other.content_sha256, officer.did, sig).to_text()
    return ";".join(parts)


@pytest.mark.parametrize(
    ("field", "reason"),
    [
        ("report_id", "QR_SIGNATURE_INVALID"),
        ("content_sha256", "QR_SIGNATURE_INVALID"),
        ("supervisor", "QR_SIGNATURE_INVALID"),
        ("base64", "MALFORMED_QR"),
        ("base64_junk", "MALFORMED_QR"),
        ("bidi_id", "MALFORMED_QR"),
        ("unbound_format", "QR_FORMAT_UNBOUND"),
        ("self_signed", "SIGNER_NOT_SUPERVISOR"),
    ],
)
def test_cli_verify_report_qr_refuses_an_altered_payload(capsys, monkeypatch, world, issued, field, reason) -> None:  # type: ignore[no-untyped-def]
    code, out = _run(capsys, monkeypatch, world["env"], "verify-report", "--qr", _qr_altered(world, issued, field))
    assert (code, out["valid"], out["reason"]) == (1, False, reason)
    assert "report_id" not in out  # nothing from a refused payload is presented as checked


# ---------------------------------------------------------------------------- workflow


def test_workflow_return_revise_approve_supersede_and_audit(world, supervisor) -> None:  # type: ignore[no-untyped-def]
    opened = world["session"]
    evidence = LedgerEvidence.from_session(opened)
    flow = ReportWorkflow.from_session(opened)
    officer = evidence.person("default", None)
    draft = flow.draft(_outcome(opened, "product"), evidence, officer=officer)
    returned = flow.return_to_officer(draft.report_id, supervisor="sup", comment="add the port")
    assert (returned.state, returned.comment) == (ReportState.RETURNED, "add the port")
    with pytest.raises(ReportStateError):
        flow.approve(draft.report_id, supervisor, evidence)
    revised = flow.revise(draft.report_id, remarks="examined at Laredo", actor="default")
    assert revised.state is ReportState.DRAFT
    approved = flow.approve(draft.report_id, supervisor, evidence)
    assert approved.state is ReportState.APPROVED and approved.content.remarks == "examined at Laredo"
    with pytest.raises(ReportStateError):
        flow.revise(draft.report_id, remarks="changed", actor="default")
    with pytest.raises(ReportStateError):
        flow.return_to_officer(draft.report_id, supervisor="sup", comment="no")
    officer_key = load_key_file(Path(keystore.demo_key_path()).with_name("officer.key"))
    as_supervisor = keystore.SupervisorKey(officer_key.key, officer_key.name, True, officer_key.path)
    newer = flow.draft(_outcome(opened, "product"), evidence, officer=officer, supersedes=draft.report_id)
    with pytest.raises(NotASupervisorError):
        flow.approve(newer.report_id, as_supervisor, evidence)
    issued = flow.approve(newer.report_id, supervisor, evidence)
    assert issued.pdf is not None
    assert verify_report(issued.pdf, _trust(world)).content.supersedes == draft.report_id
    assert flow.get(draft.report_id).superseded_by == newer.report_id
    steps = [r.action for r in opened.audit.recent(50) if draft.report_id in r.input or newer.report_id in r.input]
    assert {"report draft", "report return", "report revise", "report approve"} <= set(steps)


# ---------------------------------------------------------------------------- command line


def _run(capsys, monkeypatch, env, *argv: str) -> tuple[int, dict[str, object]]:  # type: ignore[no-untyped-def]
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    capsys.readouterr()
    code = main(list(argv))
    return code, json.loads(capsys.readouterr().out)


def test_cli_report_then_verify_report(capsys, monkeypatch, world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    env = world["env"]
    code, out = _run(capsys, monkeypatch, env, "check", "origin", "--entry", "E-1002", "--as-of", "2025-06-30")
    assert code == 0
    target = tmp_path / "r.pdf"
    code, issued = _run(capsys, monkeypatch, env, "report", "--check-audit-id", str(out["audit_id"]),
                        "--supervisor-key", str(keystore.demo_key_path()), "--out", str(target))  # fmt: skip
    assert (code, issued["verdict"], issued["demo_key"]) == (0, "FAIL", True)
    code, verified = _run(capsys, monkeypatch, env, "verify-report", str(target), "--trust", str(world["trust_path"]))
    assert (code, verified["valid"], verified["reasons"]) == (0, True, ["BLANKET_NOT_COVERING"])
    code, verified = _run(capsys, monkeypatch, env, "verify-report", str(target))  # the profile's pinned trust
    assert (code, verified["valid"]) == (0, True)
    data = bytearray(target.read_bytes())
    data[data.index(b"ReportLab PDF Library")] ^= 1
    (tmp_path / "bad.pdf").write_bytes(bytes(data))
    code, failed = _run(capsys, monkeypatch, env, "verify-report", str(tmp_path / "bad.pdf"))
    assert (code, failed["valid"], failed["reason"]) == (1, False, "DOCUMENT_ALTERED")
    qr = QrPayload.of(_signed(target.read_bytes()).signature).to_text()
    code, scanned = _run(capsys, monkeypatch, env, "verify-report", "--qr", qr)
    assert (code, scanned["valid"], scanned["report_id"]) == (0, True, issued["report_id"])
    code, scanned = _run(capsys, monkeypatch, env, "verify-report", "--qr", qr, str(target))
    assert (code, scanned["qr"]) == (0, "matches")
    code, usage = _run(capsys, monkeypatch, env, "verify-report")
    assert (code, usage["error"]) == (2, "usage")


def test_pdf_metadata_names_the_workstation_and_its_version(issued) -> None:  # type: ignore[no-untyped-def]
    info = PdfReader(io.BytesIO(issued["origin"][0])).metadata
    assert info is not None
    assert info.creator == f"customs-workstation {version.version()}"
    assert version.version() != version.UNKNOWN
