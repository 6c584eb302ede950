"""Readable record fixtures for the rule tests: ``make_certification(blanket=("2024-01-01", "2024-12-31"))``.

Records are built directly (the rules take typed records; parsing from signed credentials
is tested in ``test_records.py``). Defaults follow docs/domain.md §6: USMCA, Fábrica Nopal
producer-exporter, importer Bluegill, 7323.93, criterion B, blanket 2025, signed 2024-12-15.
"""

from __future__ import annotations

import hashlib
import itertools
from datetime import date
from typing import Any

from trade import identifiers
from trade.periods import Period
from trade.record_index import RecordIndex
from trade.record_types import (
    CBP_PARTY,
    Agreement,
    CertificationOfOrigin,
    CertificationStatus,
    Certifier,
    CertifierRole,
    EntryLine,
    FailedRecord,
    Feature,
    LicenceEvent,
    LicenceEventKind,
    LicensedGoods,
    OriginVerification,
    PartyRegistration,
    PartyRole,
    ProductProfile,
    Provenance,
    RecordType,
    SerialSighting,
    Signature,
    StatusKind,
    TrademarkLicence,
    TrademarkRecordation,
    TradeRecord,
    VerificationOutcome,
    Withholding,
)
from trade.verdicts import Reason

_INDEX = itertools.count(100)
AS_OF = date(2025, 6, 30)
ALL_DETAILS = frozenset({"name", "title", "company", "address", "phone", "email"})


def d(text: str | date | None) -> date | None:
    return date.fromisoformat(text) if isinstance(text, str) else text


def _d(text: str | date) -> date:
    value = d(text)
    assert value is not None
    return value


def provenance(record_type: RecordType, record_id: str, signer: str) -> Provenance:
    index = next(_INDEX)
    leaf = hashlib.sha256(f"{record_type}/{record_id}/{index}".encode()).digest()
    return Provenance(record_type, record_id, f"urn:test:{record_id}", index, leaf, f"did:key:z{signer}", signer)


def make_party(party_id: str, country: str = "MX", roles: tuple[str, ...] = ("exporter",)) -> PartyRegistration:
    return PartyRegistration(
        provenance(RecordType.PARTY_REGISTRATION, party_id, CBP_PARTY),
        party_id,
        f"{party_id} Inc.",
        identifiers.Country(country),
        frozenset(PartyRole(r) for r in roles),
        (f"did:key:z{party_id}",),
    )


def make_certification(
    cid: str = "C-U-001",
    *,
    agreement: str = "USMCA",
    certifier: str = "P-NOPAL",
    role: str | None = "producer",
    details: frozenset[str] = ALL_DETAILS,
    exporter: str | None = "P-NOPAL",
    producer: str | None = "P-NOPAL",
    importer: str | None = "P-BLUEGILL",
    hs: str | None = "7323.93",
    criterion: str | None = "B",
    origin: str | None = "MX",
    blanket: tuple[str, str] | None = ("2025-01-01", "2025-12-31"),
    signed: str | None = "2024-12-15",
    statement: bool = True,
    invoice: str | None = None,
    description: str | None = "Enamelled steel cookware",
    producer_declaration: str | None = None,
    net_cost: str | None = None,
) -> CertificationOfOrigin:
    nafta = agreement == "NAFTA"
    return CertificationOfOrigin(
        provenance=provenance(RecordType.CERTIFICATION_OF_ORIGIN, cid, certifier),
        certification_id=cid,
        agreement=Agreement(agreement),
        certifier=Certifier(certifier, CertifierRole(role) if role else None, details),
        exporter=exporter,
        producer=producer,
        importer=importer,
        description=description,
        hs=identifiers.HsSubheading.parse(hs) if hs else None,
        invoice_number=invoice,
        criterion=criterion,
        origin_country=identifiers.Country(origin) if origin else None,
        blanket=Period(_d(blanket[0]), _d(blanket[1])) if blanket else None,
        signature=Signature(d(signed), "A. Signer", "Manager", "Company", "+1 555 0100", statement),
        producer_declaration=producer_declaration or ("YES" if nafta else None),
        net_cost=net_cost or ("NO" if nafta else None),
    )


def make_line(
    line_id: str = "E-9001",
    *,
    cid: str | None = "C-U-001",
    importer: str = "P-BLUEGILL",
    exporter: str | None = "P-NOPAL",
    origin: str = "MX",
    htsus: str = "7323.93.0030",
    spi: str | None = "S",
    imported: str = "2025-03-04",
    claimed: str = "2025-03-12",
    knowledge: bool = False,
    value: float | None = 10_000.0,
) -> EntryLine:
    return EntryLine(
        line_id,
        "B7A-0001031-6",
        1,
        importer,
        exporter,
        identifiers.Country(origin),
        identifiers.Htsus.parse(htsus),
        spi,
        _d(imported),
        _d(claimed),
        cid,
        knowledge,
        value,
    )


def make_status(
    cid: str, kind: str, effective: str, *, successor: str | None = None, signer: str = "P-NOPAL"
) -> CertificationStatus:
    return CertificationStatus(
        provenance(RecordType.CERTIFICATION_STATUS, f"S-{cid}-{kind}", signer),
        f"S-{cid}-{kind}",
        cid,
        StatusKind(kind),
        _d(effective),
        successor,
        None,
    )


def make_verification(
    vid: str = "V-1",
    *,
    party: str = "P-NOPAL",
    certifications: tuple[str, ...] = ("C-U-001",),
    goods: tuple[str, ...] = ("732393",),
    decided: str | None = "2025-04-01",
    outcome: str = "denied_not_originating",
    withholding: tuple[tuple[str, ...], str, str | None] | None = None,
) -> OriginVerification:
    held = Withholding(withholding[0], _d(withholding[1]), d(withholding[2])) if withholding else None
    return OriginVerification(
        provenance(RecordType.ORIGIN_VERIFICATION, vid, CBP_PARTY),
        vid,
        party,
        certifications,
        goods,
        date(2025, 1, 10),
        d(decided),
        VerificationOutcome(outcome),
        held,
    )


def make_recordation(
    mark: str = "LARKSPUR",
    *,
    owner: str = "P-LARKSPUR",
    expires: str = "2031-05-11",
    roster: bool = True,
    tmk: str = "TMK 21-90017",
) -> TrademarkRecordation:
    return TrademarkRecordation(
        provenance(RecordType.TRADEMARK_RECORDATION, tmk, CBP_PARTY),
        identifiers.RecordationNumber.parse(tmk),
        mark,
        identifiers.UsptoNumber.parse("9,901,234"),
        owner,
        identifiers.Country("US"),
        (25,),
        (),
        date(2021, 5, 11),
        _d(expires),
        False,
        roster,
    )


def make_licence(
    lid: str = "L-100",
    *,
    licensor: str = "P-LARKSPUR",
    licensee: str = "P-TIDEWATER",
    parent: str | None = None,
    depth: int = 1,
    marks: tuple[str, ...] = ("LARKSPUR",),
    hs: tuple[str, ...] = ("61", "62"),
    classes: tuple[int, ...] = (25,),
    gtins: tuple[str, ...] = (),
    styles: tuple[str, ...] = (),
    making: tuple[str, ...] = ("MX", "HN", "SV"),
    markets: tuple[str, ...] = ("US", "CA", "MX"),
    facilities: tuple[str, ...] = ("F-MX-021",),
    period: tuple[str, str] = ("2023-01-01", "2027-12-31"),
    cap: int | None = None,
    recordation: str = "TMK 21-90017",
) -> TrademarkLicence:
    return TrademarkLicence(
        provenance=provenance(RecordType.TRADEMARK_LICENCE, lid, licensor),
        licence_id=lid,
        licensor=licensor,
        licensee=licensee,
        licensee_country=identifiers.Country("MX"),
        recordation=recordation,
        parent=parent,
        depth=depth,
        marks=frozenset(marks),
        goods=LicensedGoods(classes, hs, styles, tuple(identifiers.Gtin.parse(g) for g in gtins)),
        making_countries=frozenset(making),
        markets=frozenset(markets),
        facilities=frozenset(facilities),
        period=Period(_d(period[0]), _d(period[1])),
        quantity_cap=cap,
    )


def make_event(lid: str, kind: str, effective: str, *, signer: str, child: str | None = None) -> LicenceEvent:
    eid = f"LE-{lid}-{kind}"
    return LicenceEvent(
        provenance(RecordType.LICENCE_EVENT, eid, signer), eid, lid, LicenceEventKind(kind), _d(effective), child
    )


def make_profile(
    pid: str = "LS-STR-01",
    *,
    season: str = "SS25",
    version: int = 1,
    colourways: tuple[str, ...] = ("SLV", "BNV"),
    serial_format: str = "LS25S######",
    factories: tuple[str, ...] = ("F-MX-017",),
    features: tuple[Feature, ...] | None = None,
) -> ProductProfile:
    if features is None:
        features = (
            Feature("quarter_panel_spi", "stitches per inch", 8.0, 10.0, None),
            Feature("upper_material", None, None, None, "recycled polyester knit"),
        )
    return ProductProfile(
        provenance(RecordType.PRODUCT_PROFILE, pid, "P-LARKSPUR"),
        pid,
        version,
        season,
        "LARKSPUR runner",
        "LARKSPUR",
        "TMK 21-90017",
        "P-LARKSPUR",
        identifiers.HsSubheading.parse("6404.11"),
        frozenset(colourways),
        features,
        serial_format,
        frozenset(factories),
    )


def make_sighting(serial: str, seen: str, *, entry: str, sid: str | None = None) -> SerialSighting:
    sid = sid or f"SS-{serial}-{seen}"
    return SerialSighting(
        provenance(RecordType.SERIAL_SIGHTING, sid, CBP_PARTY), sid, "LS-STR-01", serial, _d(seen), "2304 Laredo", entry
    )


def make_failed(
    claimed_id: str,
    reason: Reason = Reason.BAD_SIGNATURE,
    *,
    refs: tuple[str, ...] = (),
    claimed_type: str = "CertificationOfOrigin",
) -> FailedRecord:
    index = next(_INDEX)
    return FailedRecord(
        reason, index, hashlib.sha256(f"failed/{index}".encode()).digest(), claimed_type, claimed_id, refs
    )


def index(*records: TradeRecord | FailedRecord, parties: bool = True) -> RecordIndex:
    """A RecordIndex over ``records`` plus (by default) the registrations of the usual parties."""
    base: list[Any] = []
    if parties:
        base = [
            make_party("P-NOPAL"),
            make_party("P-CENZONTLE"),
            make_party("P-ISTMO", "PA"),
            make_party("P-BLUEGILL", "US", ("importer",)),
            make_party("P-HARBORLINE", "US", ("importer",)),
            make_party("P-MAPLEWICK", "CA"),
            make_party("P-BRISA", "CR"),
        ]
    return RecordIndex.build([*base, *records])
