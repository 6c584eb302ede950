"""Turning plans into unsigned credential drafts (subjects as ``trade.record_parsing`` reads them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ledger_client.credentials import JsonObject, JsonValue
from trade import identifiers
from trade.demo.parties import BY_ID, DemoParty
from trade.demo.plans import (
    CertPlan,
    Fate,
    LicencePlan,
    LinePlan,
    ProfilePlan,
    RecordationPlan,
    SightingPlan,
    VerificationPlan,
)
from trade.record_types import CBP_PARTY, RecordType

#: When CBP registered the demo parties (before every other record).
REGISTERED_ON = date(2015, 6, 1)


@dataclass(frozen=True, slots=True)
class Draft:
    """One record to sign: its type, id, signer (a party id or ``CBP``), date and subject (or whole document)."""

    record_type: RecordType
    record_id: str
    signer: str
    issued: date
    subject: JsonObject
    tamper: bool = False
    document: JsonObject | None = None  # a whole document in another vocabulary (``subject`` unused)


def _contact(party: DemoParty) -> JsonObject:
    handle = party.party_id.removeprefix("P-").lower()
    return {
        "name": f"Compliance Officer, {party.legal_name}",
        "title": "Trade Compliance Manager",
        "company": party.legal_name,
        "address": f"1 Demo Street, {party.country}",
        "phone": "+1 555 0100",
        "email": f"compliance@{handle}.example",
    }


def registration(party: DemoParty, did: str) -> Draft:
    identifiers_: JsonObject = {}
    if party.filer_code is not None:
        digits = sum(ord(c) for c in party.party_id) % 10_000_000
        identifiers_["importerNumber"] = f"{digits % 90 + 10:02d}-{digits:07d}00"
    subject: JsonObject = {
        "id": party.party_id,
        "type": "Party",
        "legalName": party.legal_name,
        "country": party.country,
        "roles": list(party.roles),
        "identifiers": identifiers_,
        "keys": [did],
    }
    return Draft(RecordType.PARTY_REGISTRATION, party.party_id, CBP_PARTY, REGISTERED_ON, subject)


def certification(plan: CertPlan) -> Draft:
    certifier = BY_ID[plan.certifier]
    details = {k: v for k, v in _contact(certifier).items() if f"certifier.{k}" not in plan.omit}
    goods: JsonObject = {"description": plan.description, "hsCode": plan.hs}
    subject: JsonObject = {
        "id": plan.cid,
        "type": "CertificationOfOrigin",
        "agreement": plan.agreement,
        "certifier": {"id": plan.certifier, "role": plan.role, **details},
        "goods": goods,
        "originCriterion": plan.criterion,
        "countryOfOrigin": plan.origin,
        "signature": {
            "date": plan.signed.isoformat(),
            "name": str(details.get("name", "")) or None,
            "title": "Trade Compliance Manager",
            "company": certifier.legal_name,
            "phone": "+1 555 0100",
            "statement": True,
        },
    }
    for name, value in (("exporter", plan.exporter), ("producer", plan.producer), ("importer", plan.importer)):
        if value is not None:
            subject[name] = value
    if plan.blanket is not None:
        subject["blanketPeriod"] = {"from": plan.blanket[0].isoformat(), "to": plan.blanket[1].isoformat()}
    if plan.agreement == "NAFTA":
        subject["producerDeclaration"] = "YES" if plan.producer in (plan.certifier, "SAME") else "NO (1)"
        subject["netCost"] = "NO"
    return Draft(
        RecordType.CERTIFICATION_OF_ORIGIN, plan.cid, plan.certifier, plan.signed, _clean(subject), plan.tamper
    )


def certification_status(plan: CertPlan) -> Draft | None:
    if plan.fate not in (Fate.REVOKED, Fate.SUPERSEDED, Fate.AMENDED):
        return None
    assert plan.fate_date is not None
    reason = {
        Fate.REVOKED: "the certifier withdrew the certification",
        Fate.SUPERSEDED: "replaced by a corrected certification",
        Fate.AMENDED: "contact details corrected",
    }[plan.fate]
    subject: JsonObject = {
        "id": f"S-{plan.cid}",
        "type": "CertificationStatus",
        "certification": plan.cid,
        "status": plan.fate.value,
        "effectiveDate": plan.fate_date.isoformat(),
        "reason": reason,
    }
    if plan.successor is not None:
        subject["supersededBy"] = plan.successor
    return Draft(RecordType.CERTIFICATION_STATUS, f"S-{plan.cid}", plan.certifier, plan.fate_date, subject)


def verification(plan: VerificationPlan) -> Draft:
    subject: JsonObject = {
        "id": plan.vid,
        "type": "OriginVerification",
        "party": plan.party,
        "certifications": list(plan.certifications),
        "goods": list(plan.goods),
        "opened": plan.opened.isoformat(),
        "decided": plan.decided.isoformat() if plan.decided else None,
        "outcome": plan.outcome,
    }
    if plan.withholding is not None:
        goods, start = plan.withholding
        subject["withholding"] = {"goods": [g.replace(".", "") for g in goods], "from": start.isoformat()}
    return Draft(RecordType.ORIGIN_VERIFICATION, plan.vid, CBP_PARTY, plan.decided or plan.opened, _clean(subject))


def recordation(plan: RecordationPlan) -> Draft:
    subject: JsonObject = {
        "id": plan.tmk,
        "type": "TrademarkRecordation",
        "mark": plan.mark,
        "registration": identifiers.UsptoNumber.parse(plan.registration).text,
        "owner": plan.owner,
        "ownerNationality": plan.nationality,
        "classes": list(plan.classes),
        "madeIn": list(plan.made_in),
        "recordedOn": plan.recorded_on.isoformat(),
        "expires": plan.expires.isoformat(),
        "status": "active",
        "leverRule": plan.lever_rule,
        "rosterPublished": plan.roster_published,
    }
    return Draft(RecordType.TRADEMARK_RECORDATION, plan.tmk, CBP_PARTY, plan.recorded_on, subject)


def licence(plan: LicencePlan) -> list[Draft]:
    subject: JsonObject = {
        "id": plan.lid,
        "type": "TrademarkLicence",
        "licensor": plan.licensor,
        "licensee": plan.licensee,
        "licenseeCountry": plan.licensee_country,
        "recordation": plan.recordation,
        "registration": identifiers.UsptoNumber.parse(plan.registration).text,
        "parent": plan.parent,
        "sublicensingDepth": plan.depth,
        "marks": [plan.mark],
        "goods": {"classes": list(plan.classes), "hs": list(plan.hs), "gtins": list(plan.gtins)},
        "makingCountries": list(plan.making),
        "markets": list(plan.markets),
        "facilities": list(plan.facilities),
        "period": {"from": plan.period[0].isoformat(), "to": plan.period[1].isoformat()},
        "quantityCap": plan.quantity_cap,
    }
    drafts = [Draft(RecordType.TRADEMARK_LICENCE, plan.lid, plan.licensor, plan.issued, _clean(subject))]
    for k, (kind, effective, child) in enumerate(plan.events):
        event: JsonObject = {
            "id": f"LE-{plan.lid.removeprefix('L-')}-{k + 1}",
            "type": "LicenceEvent",
            "licence": plan.lid,
            "event": kind,
            "effectiveDate": effective.isoformat(),
            "child": child,
        }
        issued = effective - timedelta(days=14)
        drafts.append(Draft(RecordType.LICENCE_EVENT, str(event["id"]), plan.licensor, issued, _clean(event)))
    return drafts


def profile(plan: ProfilePlan) -> Draft:
    subject: JsonObject = {
        "id": plan.pid,
        "type": "ProductProfile",
        "version": plan.version,
        "season": plan.season,
        "name": plan.name,
        "mark": plan.mark,
        "recordation": plan.recordation,
        "owner": plan.owner,
        "hs": plan.hs,
        "colourways": list(plan.colourways),
        "features": [dict(f) for f in plan.features],
        "serialFormat": plan.serial_format,
        "factories": list(plan.factories),
    }
    return Draft(RecordType.PRODUCT_PROFILE, plan.pid, plan.owner, plan.issued, subject)


def sighting(plan: SightingPlan) -> Draft:
    subject: JsonObject = {
        "id": plan.sid,
        "type": "SerialSighting",
        "profile": plan.profile,
        "serial": plan.serial,
        "seenOn": plan.seen_on.isoformat(),
        "port": plan.port,
        "entryNumber": plan.entry_number,
    }
    return Draft(RecordType.SERIAL_SIGHTING, plan.sid, CBP_PARTY, plan.seen_on, subject)


def entry_line(plan: LinePlan, entry_number: str) -> Draft:
    importer = BY_ID[plan.importer]
    subject: JsonObject = {
        "id": plan.line_id,
        "type": "EntrySummaryLine",
        "entryNumber": entry_number,
        "line": 1,
        "importer": plan.importer,
        "exporter": plan.exporter,
        "countryOfOrigin": plan.origin,
        "htsus": plan.htsus,
        "spi": plan.spi,
        "importDate": plan.import_date.isoformat(),
        "claimDate": plan.claim_date.isoformat(),
        "certification": plan.cid,
        "importerKnowledge": plan.importer_knowledge,
        "valueUsd": plan.value_usd,
        "filerCode": importer.filer_code,
    }
    return Draft(RecordType.ENTRY_SUMMARY_LINE, plan.line_id, CBP_PARTY, plan.claim_date, _clean(subject))


def _clean(subject: JsonObject) -> JsonObject:
    """Drop members whose value is None (absent, not null), recursively."""
    cleaned: JsonObject = {}
    for name, value in subject.items():
        if value is None:
            continue
        cleaned[name] = _clean(value) if isinstance(value, dict) else value
    return cleaned


def tamper(document: JsonObject) -> JsonObject:
    """The alteration of C-U-015 after signing: its HS subheading changed from 7323.93 to 7323.99."""
    altered = dict(document)
    subject = altered["credentialSubject"]
    assert isinstance(subject, dict)
    goods = subject["goods"]
    assert isinstance(goods, dict)
    changed: JsonValue = {**subject, "goods": {**goods, "hsCode": "7323.99"}}
    altered["credentialSubject"] = changed
    return altered
