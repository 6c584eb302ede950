"""Per-type readers of verified credential subjects (used by ``trade.records.parse_record``).

Each reader returns the record and the party that must have signed it (None when
any registered party may sign and the rules judge authority, as for status and
licence events). Subject members, by type (dates ``YYYY-MM-DD``):

- ``PartyRegistration``: id, legalName, country, roles[], identifiers{}, keys[], dids[] (CBP signs)
- ``CertificationOfOrigin``: id, agreement, certifier{id, role, name, title, company, address, phone,
  email}, exporter, producer, importer, goods{description, hsCode, invoiceNumber}, originCriterion,
  countryOfOrigin, blanketPeriod{from, to}, signature{date, name, title, company, phone, statement},
  producerDeclaration, netCost (the certifier signs)
- ``CertificationStatus``: id, certification, status, effectiveDate, supersededBy, reason
- ``OriginVerification``: id, party, certifications[], goods[], opened, decided, outcome,
  withholding{goods[], from, until} (CBP signs)
- ``TrademarkRecordation``: id (``TMK yy-nnnnn``), mark, registration, owner, ownerNationality,
  classes[], madeIn[], recordedOn, expires, leverRule, rosterPublished (CBP signs)
- ``TrademarkLicence``: id, licensor, licensee, licenseeCountry, recordation, parent,
  sublicensingDepth, marks[], goods{classes[], hs[], styles[], gtins[]}, makingCountries[],
  markets[], facilities[], period{from, to}, quantityCap (the licensor signs)
- ``LicenceEvent``: id, licence, event, effectiveDate, child
- ``ProductProfile``: id, version, season, name, mark, recordation, owner, hs, colourways[],
  features[{name, unit, min, max, value}], serialFormat, factories[] (the owner signs)
- ``SerialSighting``: id, profile, serial, seenOn, port, entryNumber (CBP signs)
- ``EntrySummaryLine``: id, entryNumber, line, importer, importerNumber, exporter, countryOfOrigin,
  htsus, spi, importDate, claimDate, certification, importerKnowledge, valueUsd (CBP signs)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import TypeVar

from trade import identifiers
from trade.periods import Period
from trade.record_types import (
    CBP_PARTY,
    Agreement,
    CertificationOfOrigin,
    CertificationStatus,
    Certifier,
    CertifierRole,
    EntryLine,
    EntrySummaryLine,
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
from trade.subject_reader import RecordFormatError, SubjectReader

_E = TypeVar("_E", bound=StrEnum)
Parsed = tuple[TradeRecord, str | None]

_CERTIFIER_DETAILS = ("name", "title", "company", "address", "phone", "email")


def _enum(reader: SubjectReader, name: str, kind: type[_E]) -> _E | None:
    value = reader.text(name)
    if value is None:
        return None
    try:
        return kind(value)
    except ValueError:
        raise reader.error(name, f"is not one of {', '.join(m.value for m in kind)}") from None


def _required_enum(reader: SubjectReader, name: str, kind: type[_E]) -> _E:
    value = _enum(reader, name, kind)
    if value is None:
        raise reader.error(name, "is missing")
    return value


def _countries(reader: SubjectReader, name: str) -> tuple[identifiers.Country, ...]:
    try:
        return tuple(identifiers.Country.parse(code) for code in reader.texts(name))
    except ValueError as exc:
        raise reader.error(name, str(exc)) from None


def _period(reader: SubjectReader, name: str) -> Period | None:
    child = reader.child(name)
    if child is None:
        return None
    return Period(child.required_date("from"), child.required_date("to"))


def _party_registration(provenance: Provenance, r: SubjectReader) -> Parsed:
    country = r.parsed("country", identifiers.Country.parse)
    if country is None:
        raise r.error("country", "is missing")
    roles = frozenset(_parse_each(r, "roles", PartyRole))
    ids = r.child("identifiers")
    pairs: tuple[tuple[str, str], ...] = ()
    if ids is not None:
        pairs = tuple((name, value) for name in ("importerNumber", "taxId", "ein") if (value := ids.text(name)))
    keys = r.texts("keys")
    if not keys:
        raise r.error("keys", "is missing")
    name = r.required_text("legalName")
    dids = r.texts("dids")
    if any(not d.startswith("did:web:") or "#" in d for d in dids):
        raise r.error("dids", "holds a value that is not a did:web DID")
    record = PartyRegistration(provenance, provenance.record_id, name, country, roles, keys, pairs, dids)
    return record, CBP_PARTY


def _parse_each(r: SubjectReader, name: str, kind: type[_E]) -> Iterable[_E]:
    for value in r.texts(name):
        try:
            yield kind(value)
        except ValueError:
            raise r.error(name, f"holds a value that is not one of {', '.join(m.value for m in kind)}") from None


def _certification(provenance: Provenance, r: SubjectReader) -> Parsed:
    certifier_reader = r.child("certifier")
    certifier = Certifier(None, None, frozenset())
    if certifier_reader is not None:
        certifier = Certifier(
            certifier_reader.text("id"),
            _enum(certifier_reader, "role", CertifierRole),
            frozenset(d for d in _CERTIFIER_DETAILS if certifier_reader.text(d)),
        )
    goods = r.child("goods") or SubjectReader({}, provenance.record_type.value, "goods.")
    hs_text = goods.text("hsCode")
    hs = None
    if hs_text is not None:
        digits = hs_text.replace(".", "").replace(" ", "")
        if not digits.isascii() or not digits.isdigit() or len(digits) < 6:
            raise goods.error("hsCode", "is not an HS code of at least 6 digits")
        hs = identifiers.HsSubheading(digits[:6])
    sig = r.child("signature") or SubjectReader({}, provenance.record_type.value, "signature.")
    signature = Signature(
        sig.date("date"),
        sig.text("name"),
        sig.text("title"),
        sig.text("company"),
        sig.text("phone"),
        sig.flag("statement"),
    )
    record = CertificationOfOrigin(
        provenance=provenance,
        certification_id=provenance.record_id,
        agreement=_required_enum(r, "agreement", Agreement),
        certifier=certifier,
        exporter=r.text("exporter"),
        producer=r.text("producer"),
        importer=r.text("importer"),
        description=goods.text("description"),
        hs=hs,
        invoice_number=goods.text("invoiceNumber"),
        criterion=r.text("originCriterion"),
        origin_country=r.parsed("countryOfOrigin", identifiers.Country.parse),
        blanket=_period(r, "blanketPeriod"),
        signature=signature,
        producer_declaration=r.text("producerDeclaration"),
        net_cost=r.text("netCost"),
    )
    return record, certifier.party_id


def _status(provenance: Provenance, r: SubjectReader) -> Parsed:
    record = CertificationStatus(
        provenance,
        provenance.record_id,
        r.required_text("certification"),
        _required_enum(r, "status", StatusKind),
        r.required_date("effectiveDate"),
        r.text("supersededBy"),
        r.text("reason"),
    )
    if record.kind is StatusKind.SUPERSEDED and record.superseded_by is None:
        raise r.error("supersededBy", "is missing for a supersession")
    return record, None


def _verification(provenance: Provenance, r: SubjectReader) -> Parsed:
    held = r.child("withholding")
    withholding = None
    if held is not None:
        withholding = Withholding(held.texts("goods"), held.required_date("from"), held.date("until"))
    record = OriginVerification(
        provenance,
        provenance.record_id,
        r.required_text("party"),
        r.texts("certifications"),
        tuple(g.replace(".", "") for g in r.texts("goods")),
        r.required_date("opened"),
        r.date("decided"),
        _required_enum(r, "outcome", VerificationOutcome),
        withholding,
    )
    return record, CBP_PARTY


def _recordation(provenance: Provenance, r: SubjectReader) -> Parsed:
    number = r.parsed("id", identifiers.RecordationNumber.parse)
    registration = r.parsed("registration", identifiers.UsptoNumber.parse)
    nationality = r.parsed("ownerNationality", identifiers.Country.parse)
    if number is None or registration is None or nationality is None:
        raise r.error("registration", "is missing (or ownerNationality is)")
    record = TrademarkRecordation(
        provenance,
        number,
        r.required_text("mark"),
        registration,
        r.required_text("owner"),
        nationality,
        r.integers("classes"),
        _countries(r, "madeIn"),
        r.required_date("recordedOn"),
        r.required_date("expires"),
        r.flag("leverRule"),
        r.flag("rosterPublished"),
    )
    return record, CBP_PARTY


def _licence(provenance: Provenance, r: SubjectReader) -> Parsed:
    goods = r.child("goods") or SubjectReader({}, provenance.record_type.value, "goods.")
    try:
        gtins = tuple(identifiers.Gtin.parse(g) for g in goods.texts("gtins"))
    except ValueError as exc:
        raise goods.error("gtins", str(exc)) from None
    period = _period(r, "period")
    country = r.parsed("licenseeCountry", identifiers.Country.parse)
    if period is None or country is None:
        raise r.error("period", "is missing (or licenseeCountry is)")
    depth = r.integer("sublicensingDepth") or 0
    if depth < 0:
        raise r.error("sublicensingDepth", "is negative")
    cap = r.integer("quantityCap")
    record = TrademarkLicence(
        provenance=provenance,
        licence_id=provenance.record_id,
        licensor=r.required_text("licensor"),
        licensee=r.required_text("licensee"),
        licensee_country=country,
        recordation=r.required_text("recordation"),
        parent=r.text("parent"),
        depth=depth,
        marks=frozenset(m.upper() for m in r.texts("marks")),
        goods=LicensedGoods(
            goods.integers("classes"),
            tuple(h.replace(".", "") for h in goods.texts("hs")),
            goods.texts("styles"),
            gtins,
        ),
        making_countries=frozenset(c.code for c in _countries(r, "makingCountries")),
        markets=frozenset(c.code for c in _countries(r, "markets")),
        facilities=frozenset(r.texts("facilities")),
        period=period,
        quantity_cap=cap,
    )
    return record, record.licensor


def _event(provenance: Provenance, r: SubjectReader) -> Parsed:
    record = LicenceEvent(
        provenance,
        provenance.record_id,
        r.required_text("licence"),
        _required_enum(r, "event", LicenceEventKind),
        r.required_date("effectiveDate"),
        r.text("child"),
    )
    if record.kind is LicenceEventKind.SURVIVAL and record.child_id is None:
        raise r.error("child", "is missing for a survival")
    return record, None


def _feature(r: SubjectReader) -> Feature:
    feature = Feature(r.required_text("name"), r.text("unit"), r.number("min"), r.number("max"), r.text("value"))
    if feature.value is None:
        if feature.minimum is None or feature.maximum is None or feature.minimum > feature.maximum:
            raise r.error("name", "a feature has either min and max (min <= max) or a value")
    elif feature.minimum is not None or feature.maximum is not None:
        raise r.error("name", "a feature has either min and max or a value, not both")
    return feature


def _profile(provenance: Provenance, r: SubjectReader) -> Parsed:
    record = ProductProfile(
        provenance=provenance,
        profile_id=provenance.record_id,
        version=r.integer("version") or 1,
        season=r.required_text("season").upper(),
        name=r.required_text("name"),
        mark=r.required_text("mark").upper(),
        recordation=r.required_text("recordation"),
        owner=r.required_text("owner"),
        hs=r.parsed("hs", identifiers.HsSubheading.parse),
        colourways=frozenset(c.upper() for c in r.texts("colourways")),
        features=tuple(_feature(f) for f in r.children("features")),
        serial_format=r.required_text("serialFormat"),
        factories=frozenset(r.texts("factories")),
    )
    return record, record.owner


def _sighting(provenance: Provenance, r: SubjectReader) -> Parsed:
    record = SerialSighting(
        provenance,
        provenance.record_id,
        r.required_text("profile"),
        r.required_text("serial").upper(),
        r.required_date("seenOn"),
        r.text("port"),
        r.text("entryNumber"),
    )
    return record, CBP_PARTY


def _entry_line(provenance: Provenance, r: SubjectReader) -> Parsed:
    origin = r.parsed("countryOfOrigin", identifiers.Country.parse)
    htsus = r.parsed("htsus", identifiers.Htsus.parse)
    line_number = r.integer("line")
    if origin is None or htsus is None or line_number is None:
        raise r.error("htsus", "is missing (or countryOfOrigin or line is)")
    line = EntryLine(
        line_id=provenance.record_id,
        entry_number=r.required_text("entryNumber"),
        line=line_number,
        importer=r.required_text("importer"),
        exporter=r.text("exporter"),
        origin_country=origin,
        htsus=htsus,
        spi=r.text("spi"),
        import_date=r.required_date("importDate"),
        claim_date=r.required_date("claimDate"),
        certification_id=r.text("certification"),
        importer_knowledge=r.flag("importerKnowledge"),
        value_usd=r.number("valueUsd"),
        importer_number=r.text("importerNumber"),
    )
    return EntrySummaryLine(provenance, line), CBP_PARTY


PARSERS: dict[RecordType, Callable[[Provenance, SubjectReader], Parsed]] = {
    RecordType.PARTY_REGISTRATION: _party_registration,
    RecordType.CERTIFICATION_OF_ORIGIN: _certification,
    RecordType.CERTIFICATION_STATUS: _status,
    RecordType.ORIGIN_VERIFICATION: _verification,
    RecordType.TRADEMARK_RECORDATION: _recordation,
    RecordType.TRADEMARK_LICENCE: _licence,
    RecordType.LICENCE_EVENT: _event,
    RecordType.PRODUCT_PROFILE: _profile,
    RecordType.SERIAL_SIGHTING: _sighting,
    RecordType.ENTRY_SUMMARY_LINE: _entry_line,
}

__all__ = ["PARSERS", "RecordFormatError"]
