"""Traceability credentials: read into our records, strict to their schemas, judged like ours.

The examples are the W3C CCG Traceability vocabulary's own (``tests/assets/traceability``),
re-issued by parties registered under test keys and signed with ``eddsa-jcs-2022``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import rfc8785

from ledger_client.credentials import ProofOptions, SigningKey, sign_credential
from trade import licences, origin, record_types
from trade.demo import documents, traceability_docs
from trade.demo.anchors import usmca
from trade.demo.parties import BY_ID
from trade.licences import LicenceQuestion
from trade.record_index import RecordIndex, read_ledger
from trade.record_types import (
    CertificationOfOrigin,
    CertifierRole,
    EntrySummaryLine,
    FailedRecord,
    RightsRecord,
    TrademarkLicence,
    Vocabulary,
)
from trade.verdicts import Reason, Status

from .builders import make_line, make_recordation

ASSETS = Path(__file__).resolve().parents[2] / "assets" / "traceability"
AT = datetime(2025, 7, 1, tzinfo=UTC)
SIGNED = datetime(2024, 12, 15, 12, tzinfo=UTC)
CBP = SigningKey.from_seed(b"C" * 32)
KEYS = {
    party: SigningKey.from_seed(party.encode().ljust(32, b"#"))
    for party in ("P-NOPAL", "P-BLUEGILL", "P-LARKSPUR", "P-FJELL")
}


def did(party: str) -> str:
    return KEYS[party].did


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ASSETS / f"{name}.vc2-unsigned.json").read_text(encoding="utf-8"))
    return loaded


def sign(document: dict[str, Any], party: str) -> bytes:
    return rfc8785.dumps(sign_credential(document, KEYS[party], ProofOptions(created=SIGNED)))


def registrations(dids: dict[str, list[str]] | None = None) -> list[bytes]:
    entries = []
    for party in KEYS:
        draft = documents.registration(BY_ID[party], did(party))
        if dids and party in dids:
            draft.subject["dids"] = list(dids[party])
        document = {
            "@context": list(record_types.CONTEXTS),
            "id": f"urn:test:{party}",
            "type": ["VerifiableCredential", "PartyRegistration"],
            "issuer": CBP.did,
            "validFrom": "2015-06-01T00:00:00Z",
            "credentialSubject": draft.subject,
        }
        entries.append(rfc8785.dumps(sign_credential(document, CBP, ProofOptions(created=SIGNED))))
    return entries


def read(*entries: bytes, dids: dict[str, list[str]] | None = None) -> RecordIndex:
    return read_ledger([*registrations(dids), *entries], cbp_issuer=CBP.did, at=AT)


def sign_as_web(document: dict[str, Any], key: SigningKey) -> bytes:
    """Signed for the document's did:web issuer with ``key``, named as ``<did:web>#<multibase>``."""
    web = document["issuer"]["id"]
    method = f"{web}#{key.did.removeprefix('did:key:')}"
    options = ProofOptions(created=SIGNED, verification_method=method)
    return rfc8785.dumps(sign_credential(document, key, options))


def reissued(name: str, party: str) -> dict[str, Any]:
    """The example, issued by ``party``'s did:key instead of its did:web."""
    document = example(name)
    document["issuer"]["id"] = did(party)
    return document


def mine(index: RecordIndex) -> list[Any]:
    return [
        r for r in index.records if isinstance(r, FailedRecord) or r.provenance.vocabulary is Vocabulary.TRACEABILITY
    ]


# ------------------------------------------------------------------ the vocabulary's own examples


def test_usmca_example_gives_a_certification_whose_unidentified_parties_are_gaps() -> None:
    (cert,) = mine(read(sign(reissued("USMCACertificationOfOrigin", "P-NOPAL"), "P-NOPAL")))
    assert isinstance(cert, CertificationOfOrigin)
    assert (cert.certification_id, cert.provenance.item) == ("urn:uuid:c9d24347-0e04-4e01-9567-7f2778fed94a", 0)
    assert (cert.hs and cert.hs.text, cert.criterion, cert.origin_country and cert.origin_country.code) == (
        "7213.20",
        "A",
        "MX",
    )
    assert cert.blanket is not None
    assert (cert.blanket.start, cert.blanket.end, cert.signed_on) == (
        date(2023, 1, 1),
        date(2023, 12, 31),
        SIGNED.date(),
    )
    assert cert.invoice_number == "inv-2023091"
    assert cert.certifier.details == {"name", "title", "company", "address", "phone", "email"}
    # the example names its exporter, producer and importer without a DID: never matched by name
    assert (cert.exporter, cert.producer, cert.importer, cert.certifier.role) == (None, None, None, None)
    assert [g.split(" ")[0] for g in cert.gaps] == ["3", "4", "importer", "1"]


def test_rights_example_gives_a_rights_record() -> None:
    (rights,) = mine(read(sign(reissued("IntellectualPropertyRightsCredential", "P-LARKSPUR"), "P-LARKSPUR")))
    assert isinstance(rights, RightsRecord)
    assert (rights.owner, rights.rights_type, rights.product_name, rights.gtin and rights.gtin.digits) == (
        "P-LARKSPUR",
        "Copyright",
        "Lawn Flamingos",
        "8948786268509",
    )
    assert rights.evidence_url == "https://patents.google.com/patent/EP1820540B1/"


def test_licence_example_gives_a_licence_link_with_its_gaps() -> None:
    (link,) = mine(read(sign(reissued("IntellectualPropertyRightsLicenseCredential", "P-LARKSPUR"), "P-LARKSPUR")))
    assert isinstance(link, TrademarkLicence)
    assert (link.licensor, link.licensee, link.recordation) == (
        "P-LARKSPUR",
        "did:web:plastics-manufacturer.example.com",  # not registered: kept as named, never guessed
        "did:web:organization.example.com",
    )
    assert (link.period.start, link.period.end) == (date(2022, 1, 13), None)
    assert link.gaps == {"marks", "goods", "making countries", "markets", "facilities", "end date"}


def test_entry_summary_example_gives_its_line_with_the_missing_claim_as_a_gap() -> None:
    (entry,) = mine(read(sign(reissued("CBP7501EntrySummaryCredential", "P-BLUEGILL"), "P-BLUEGILL")))
    assert isinstance(entry, EntrySummaryLine)
    line = entry.line
    assert (line.entry_number, line.line, str(line.htsus), line.origin_country.code) == (
        "73461882610",
        1,
        "2204.21.6000",
        "SG",
    )
    assert (line.import_date, line.claim_date, line.value_usd) == (date(2022, 3, 12), date(2022, 3, 1), 12000.0)
    assert line.importer == ""
    assert len(line.gaps) == 2  # the importer of record is not registered; no preference claim is stated


def test_mill_test_report_is_not_a_type_we_read() -> None:
    document = reissued("MillTestReportCredential", "P-NOPAL")
    (failed,) = mine(read(sign(document, "P-NOPAL")))
    assert isinstance(failed, FailedRecord)
    assert failed.reason is Reason.MALFORMED_RECORD


# ------------------------------------------------------------------ malformed variants


def _drop(*path: str | int) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return change


def _set(value: Any, *path: str | int) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        target: Any = document
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return change


SUBJECT = "credentialSubject"
MALFORMED: list[tuple[str, str, Callable[[dict[str, Any]], None], str]] = [
    # missing members the schemas require
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop("id"), "id"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop("validFrom"), "validFrom"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop("validUntil"), "validUntil"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop("issuer", "employee"), "issuer.employee"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop("issuer", "employee", "jobTitle"), "issuer.employee.jobTitle"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop(SUBJECT, "goods"), "credentialSubject.goods"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop(SUBJECT, "exporterDetails"), "credentialSubject.exporterDetails"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop(SUBJECT, "producerDetails"), "credentialSubject.producerDetails"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop(SUBJECT, "type"), "credentialSubject.type"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _drop(SUBJECT, "producerDetails", "name"), "producerDetails.name"),
    *(
        ("USMCACertificationOfOrigin", "P-NOPAL", _drop(SUBJECT, "goods", 0, member), f"goods[0].{member}")
        for member in (
            "type",
            "description",
            "commodityCode",
            "commodityCodeType",
            "originCriterion",
            "countryOfOrigin",
        )
    ),
    (
        "IntellectualPropertyRightsLicenseCredential",
        "P-LARKSPUR",
        _drop(SUBJECT, "licensee"),
        "credentialSubject.licensee",
    ),
    (
        "IntellectualPropertyRightsLicenseCredential",
        "P-LARKSPUR",
        _drop(SUBJECT, "extendsCredential"),
        "credentialSubject.extendsCredential",
    ),
    ("IntellectualPropertyRightsLicenseCredential", "P-LARKSPUR", _drop(SUBJECT, "licensee", "id"), "licensee.id"),
    ("IntellectualPropertyRightsCredential", "P-LARKSPUR", _drop("validFrom"), "validFrom"),
    ("CBP7501EntrySummaryCredential", "P-BLUEGILL", _drop(SUBJECT, "entryNumber"), "credentialSubject.entryNumber"),
    (
        "CBP7501EntrySummaryCredential",
        "P-BLUEGILL",
        _drop(SUBJECT, "descriptionOfMerchandise", 0, "commodity", "commodityCode"),
        "commodity.commodityCode",
    ),
    # wrong types
    ("USMCACertificationOfOrigin", "P-NOPAL", _set({"a": 1}, SUBJECT, "goods"), "credentialSubject.goods"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _set("no", SUBJECT, "variousImporters"), "variousImporters"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _set(721320, SUBJECT, "goods", 0, "commodityCode"), "commodityCode"),
    (
        "USMCACertificationOfOrigin",
        "P-NOPAL",
        _set("Person", SUBJECT, "exporterDetails", "type"),
        "exporterDetails.type",
    ),
    (
        "IntellectualPropertyRightsCredential",
        "P-LARKSPUR",
        _set(["x"], SUBJECT, "intellectualPropertyRightsType"),
        "RightsType",
    ),
    ("CBP7501EntrySummaryCredential", "P-BLUEGILL", _set(7, SUBJECT, "importDate"), "credentialSubject.importDate"),
    # values outside the schema's enum, members it does not allow
    ("USMCACertificationOfOrigin", "P-NOPAL", _set("E", SUBJECT, "goods", 0, "originCriterion"), "originCriterion"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _set("GT", SUBJECT, "goods", 0, "countryOfOrigin"), "countryOfOrigin"),
    (
        "USMCACertificationOfOrigin",
        "P-NOPAL",
        _set("CN", SUBJECT, "goods", 0, "commodityCodeType"),
        "commodityCodeType",
    ),
    ("USMCACertificationOfOrigin", "P-NOPAL", _set("1", SUBJECT, "goods", 0, "partNumber"), "goods[0].partNumber"),
    ("USMCACertificationOfOrigin", "P-NOPAL", _set([], SUBJECT, "goods"), "credentialSubject.goods"),
    (
        "IntellectualPropertyRightsCredential",
        "P-LARKSPUR",
        _set("Design", SUBJECT, "intellectualPropertyRightsType"),
        "RightsType",
    ),
    (
        "CBP7501EntrySummaryCredential",
        "P-BLUEGILL",
        _set("S", SUBJECT, "descriptionOfMerchandise", 0, "specialProgramIndicator"),
        "specialProgramIndicator",  # ours, used without naming our context
    ),
]


@pytest.mark.parametrize(
    ("name", "party", "change", "member"), MALFORMED, ids=[m[3] + "/" + m[0][:8] for m in MALFORMED]
)
def test_malformed_variant_is_refused_naming_the_member(
    name: str, party: str, change: Callable[[dict[str, Any]], None], member: str
) -> None:
    document = reissued(name, party)
    change(document)
    (failed,) = mine(read(sign(document, party)))
    assert isinstance(failed, FailedRecord)
    assert failed.reason is Reason.MALFORMED_RECORD
    assert failed.detail is not None
    assert member in failed.detail


# ------------------------------------------------------------------ issuer binding


def test_an_unregistered_issuer_is_unregistered_signer() -> None:
    stranger = SigningKey.from_seed(b"S" * 32)
    document = example("USMCACertificationOfOrigin")
    document["issuer"]["id"] = stranger.did
    entry = rfc8785.dumps(sign_credential(document, stranger, ProofOptions(created=SIGNED)))
    (failed,) = mine(read(entry))
    assert isinstance(failed, FailedRecord)
    assert failed.reason is Reason.UNREGISTERED_SIGNER


def test_an_entry_summary_filed_by_another_party_than_its_importer_is_unregistered_signer() -> None:
    document = traceability_docs.entry_summary("E-9", "7323.93.0045", "0000009", did)
    document["issuer"]["id"] = did("P-NOPAL")
    entry = sign(document, "P-NOPAL")  # Nopal files an entry whose importer of record is Bluegill
    (failed,) = mine(read(entry))
    assert isinstance(failed, FailedRecord)
    assert failed.reason is Reason.UNREGISTERED_SIGNER


WEB = "did:web:prime-steel.example.com"  # the USMCA example's own issuer


def test_a_did_web_issuer_is_bound_through_the_registration_that_lists_it() -> None:
    entry = sign_as_web(example("USMCACertificationOfOrigin"), KEYS["P-NOPAL"])
    (cert,) = mine(read(entry, dids={"P-NOPAL": [WEB]}))
    assert isinstance(cert, CertificationOfOrigin)
    assert (cert.provenance.signer, cert.provenance.signer_party) == (WEB, "P-NOPAL")


@pytest.mark.parametrize(
    ("listed", "signer"),
    [
        ({}, "P-NOPAL"),  # no registration lists the did:web
        ({"P-BLUEGILL": [WEB]}, "P-NOPAL"),  # listed by Bluegill, signed with Nopal's key
        ({"P-NOPAL": [WEB]}, "STRANGER"),  # listed by Nopal, signed with a key no registration lists
    ],
)
def test_a_did_web_issuer_not_bound_to_its_signing_key_is_unregistered_signer(
    listed: dict[str, list[str]], signer: str
) -> None:
    key = KEYS.get(signer) or SigningKey.from_seed(b"S" * 32)
    (failed,) = mine(read(sign_as_web(example("USMCACertificationOfOrigin"), key), dids=listed))
    assert isinstance(failed, FailedRecord)
    assert failed.reason is Reason.UNREGISTERED_SIGNER


# ------------------------------------------------------------------ same facts, same verdict


def _ours_saying_the_same() -> bytes:
    draft = documents.certification(usmca("C-SAME", hs="7323.93", description="Enamelled steel cookware"))
    subject = copy.deepcopy(draft.subject)
    # our format names the certifier's contact the way the Traceability anchor does
    document = {
        "@context": list(record_types.CONTEXTS),
        "id": "urn:test:C-SAME",
        "type": ["VerifiableCredential", "CertificationOfOrigin"],
        "issuer": did("P-NOPAL"),
        "validFrom": "2024-12-15T00:00:00Z",
        "credentialSubject": subject,
    }
    return rfc8785.dumps(sign_credential(document, KEYS["P-NOPAL"], ProofOptions(created=SIGNED)))


@pytest.mark.parametrize(
    ("htsus", "imported", "expected"),
    [
        ("7323.93.0045", "2025-03-10", (Status.PASS, ())),
        ("7323.99.9080", "2025-03-10", (Status.FAIL, (Reason.HS_MISMATCH,))),
        ("7323.93.0045", "2026-01-10", (Status.FAIL, (Reason.BLANKET_NOT_COVERING,))),
    ],
)
def test_a_traceability_certification_and_ours_saying_the_same_give_the_same_verdict(
    htsus: str, imported: str, expected: tuple[Status, tuple[Reason, ...]]
) -> None:
    index = read(sign(traceability_docs.usmca_certification(did), "P-NOPAL"), _ours_saying_the_same())
    assert index.certifications["C-SAME"].provenance.vocabulary is Vocabulary.TRADE
    assert index.certifications["TR-USMCA-001"].certifier.role is CertifierRole.PRODUCER
    answers = []
    for cited in ("TR-USMCA-001", "C-SAME"):
        line = make_line(
            cid=cited, importer="P-BLUEGILL", exporter="P-NOPAL", htsus=htsus, imported=imported, claimed="2025-03-20"
        )
        verdict = origin.check_origin(line, index, as_of=date(2025, 6, 30))
        answers.append((verdict.status, verdict.reasons))
    assert answers == [expected, expected]


def test_a_line_citing_a_malformed_certification_is_unverifiable_and_says_which_member() -> None:
    document = traceability_docs.usmca_certification(did)
    document["credentialSubject"]["goods"][1]["originCriterion"] = "E"
    index = read(sign(document, "P-NOPAL"))
    line = make_line(cid="TR-USMCA-001", importer="P-BLUEGILL", htsus="7323.93.0045", imported="2025-03-10")
    verdict = origin.check_origin(line, index, as_of=date(2025, 6, 30))
    assert (verdict.status, verdict.reasons) == (Status.UNVERIFIABLE, (Reason.MALFORMED_RECORD,))
    (finding,) = verdict.findings
    assert "goods[1].originCriterion" in finding.fact


@pytest.mark.parametrize(("licensor", "expected"), [("P-LARKSPUR", ()), ("P-FJELL", (Reason.CHAIN_BROKEN,))])
def test_a_licence_extending_a_rights_record_must_be_granted_by_its_owner(
    licensor: str, expected: tuple[Reason, ...]
) -> None:
    rights = sign(traceability_docs.rights(did), "P-LARKSPUR")
    document = traceability_docs.licence(did)
    document["issuer"]["id"] = did(licensor)
    document["credentialSubject"]["licensee"]["id"] = did("P-BLUEGILL")
    read_back = read(rights, sign(document, licensor))
    index = RecordIndex.build([*read_back.records, make_recordation(owner=licensor)])
    question = LicenceQuestion("LARKSPUR", "P-BLUEGILL", date(2025, 5, 2), "6110.20", "NO")
    verdict = licences.check_licence(question, index, as_of=date(2025, 6, 30))
    assert set(verdict.reasons) == {*expected, Reason.NOT_IN_VOCABULARY}


@pytest.mark.parametrize(
    ("revoked", "expected"),
    [("2025-03-11", (Status.FAIL, (Reason.REVOKED,))), ("2025-04-01", (Status.FAIL, (Reason.REVOKED_AFTER_CLAIM,)))],
)
def test_our_status_record_revokes_a_traceability_certification(
    revoked: str, expected: tuple[Status, tuple[Reason, ...]]
) -> None:
    subject = {
        "id": "S-TR-USMCA-001",
        "type": "CertificationStatus",
        "certification": "TR-USMCA-001",
        "status": "revoked",
        "effectiveDate": revoked,
    }
    status = {
        "@context": list(record_types.CONTEXTS),
        "id": "urn:test:S-TR-USMCA-001",
        "type": ["VerifiableCredential", "CertificationStatus"],
        "issuer": did("P-NOPAL"),
        "validFrom": f"{revoked}T00:00:00Z",
        "credentialSubject": subject,
    }
    index = read(sign(traceability_docs.usmca_certification(did), "P-NOPAL"), sign(status, "P-NOPAL"))
    line = make_line(cid="TR-USMCA-001", importer="P-BLUEGILL", htsus="7323.93.0045", imported="2025-03-10")
    verdict = origin.check_origin(line, index, as_of=date(2025, 6, 30))
    assert (verdict.status, verdict.reasons) == expected
    assert {ev.vocabulary for ev in verdict.evidence} == {"trade", "traceability"}
