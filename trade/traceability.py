"""Credentials in the W3C CCG Traceability vocabulary, read into the same trade records as ours.

Four types are read (their schemas are the contract; a member a schema requires that is
missing, a member of the wrong type, a value outside a schema's ``enum`` or a member a
closed schema does not allow is refused with ``RecordFormatError`` naming the member):

- ``USMCACertificationOfOrigin`` (subject ``USMCAClaims``): one ``CertificationOfOrigin`` per
  good, all with the credential's ``id`` as certification id and the good's position as
  ``Provenance.item``. The issuer is the certifier; ``validFrom``..``validUntil`` is the
  blanket period; the proof's ``created`` time is the signing date.
- ``IntellectualPropertyRightsCredential``: a ``RightsRecord`` (the owner's own statement).
- ``IntellectualPropertyRightsLicenseCredential``: a ``TrademarkLicence`` whose licensor is
  the issuer, whose licensee is the party ``licensee.id`` names, from ``validFrom``.
- ``CBP7501EntrySummaryCredential``: one ``EntrySummaryLine`` per ``descriptionOfMerchandise``
  item; the entry summary date is the claim date.

A party named in a record (producer, exporter, importer, licensee, rights owner) is the
registered party its ``id`` (a DID) signs for; a name is never matched. A fact the rules need
that the vocabulary does not carry, or a party it does not identify, is kept as a gap: the
rule that needs it answers ``NOT_IN_VOCABULARY`` (REVIEW) instead of guessing. The full list
of members read, ignored and missing is in ``docs/demo-ledger.md`` ("Traceability records").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol

from ledger_client.credentials import VerifiedCredential
from trade import identifiers
from trade.periods import Period
from trade.record_types import (
    CBP_PARTY,
    TRACEABILITY_CONTEXT,
    TRADE_CONTEXT,
    V2_CONTEXT,
    Agreement,
    CertificationOfOrigin,
    Certifier,
    CertifierRole,
    EntryLine,
    EntrySummaryLine,
    LicensedGoods,
    Provenance,
    RecordType,
    RightsRecord,
    Signature,
    TrademarkLicence,
    TradeRecord,
    Vocabulary,
)
from trade.subject_reader import RecordFormatError, SubjectReader

USMCA_CERTIFICATION = "USMCACertificationOfOrigin"
RIGHTS = "IntellectualPropertyRightsCredential"
RIGHTS_LICENCE = "IntellectualPropertyRightsLicenseCredential"
ENTRY_SUMMARY = "CBP7501EntrySummaryCredential"
#: Traceability credential type -> the record type its records have.
TYPES = {
    USMCA_CERTIFICATION: RecordType.CERTIFICATION_OF_ORIGIN,
    RIGHTS: RecordType.RIGHTS_RECORD,
    RIGHTS_LICENCE: RecordType.TRADEMARK_LICENCE,
    ENTRY_SUMMARY: RecordType.ENTRY_SUMMARY_LINE,
}
CONTEXTS = [V2_CONTEXT, TRACEABILITY_CONTEXT]
#: Our members an entry summary line may add (with our context) for facts the vocabulary lacks.
ENTRY_EXTENSIONS = frozenset({"specialProgramIndicator", "certification", "exporter"})
AVAILABLE_UPON_REQUEST = "available upon request"

_CRITERIA = ("A", "B", "C", "D")
_MAX_GOODS = 100
_USMCA_COUNTRIES = ("CA", "MX", "US")
_RIGHTS_TYPES = ("Trademark", "Patent", "Copyright")
_ADDRESS = frozenset(
    {"type", "name", "streetAddress", "addressLocality", "addressRegion", "addressCountry", "postalCode"}
)
_ORGANIZATION = frozenset({"type", "id", "name", "email", "phoneNumber", "taxId", "location", "description"})
_SUBJECT = frozenset(
    {
        "type",
        "invoiceNumber",
        "variousExporters",
        "exporterDetails",
        "variousProducers",
        "producerDetails",
        "variousImporters",
        "importerDetails",
        "goods",
    }
)
_PRODUCT = frozenset(
    {"type", "description", "commodityCode", "commodityCodeType", "originCriterion", "countryOfOrigin"}
)
_DOCUMENT = frozenset({"@context", "type", "id", "validFrom", "validUntil", "issuer", "credentialSubject"})
Parsed = tuple[tuple[TradeRecord, ...], str | None]


class Parties(Protocol):
    """Which registered party a DID or an importer number belongs to (``SignerDirectory`` is one)."""

    def party_of(self, did: str) -> str | None: ...

    def party_of_importer_number(self, number: str) -> str | None: ...


def traceability_type(types: tuple[str, ...]) -> str | None:
    """The one Traceability type of these that we read, or None."""
    found = [t for t in types if t in TYPES]
    return found[0] if len(found) == 1 else None


def parse(credential: VerifiedCredential, provenance: Provenance, parties: Parties) -> Parsed:
    """The records of one verified Traceability credential and the party that must have signed it.

    ``provenance`` is the credential's (its ``record_id`` the credential id); each record gets
    a copy with its own item position.

    Raises:
        RecordFormatError: the credential does not meet its type's schema (the member is named).
    """
    kind = traceability_type(credential.claims.types)
    assert kind is not None
    document = SubjectReader(credential.document, kind)
    return _READERS[kind](credential, document, provenance, parties)


def _common(document: SubjectReader, kind: str, *, allowed: frozenset[str], contexts: list[str] | None) -> None:
    document.only(allowed)
    document.required("@context", "type", "id", "validFrom", "issuer", "credentialSubject")
    document.const_types("VerifiableCredential", kind)
    context = document.raw("@context")
    if contexts is not None and context != contexts:
        raise document.error("@context", f"is not {contexts}")
    document.required_text("id")


def _day(value: datetime | None) -> date | None:
    return value.date() if value is not None else None


def _party(reader: SubjectReader | None, parties: Parties) -> str | None:
    did = reader.text("id") if reader is not None else None
    return parties.party_of(did) if did is not None else None


def _organization(reader: SubjectReader, *required: str, closed: bool = True) -> SubjectReader:
    if closed:
        reader.only(_ORGANIZATION)
    reader.const_types("Organization")
    reader.required(*required)
    for name in ("id", "name", "email", "phoneNumber", "taxId", "description"):
        reader.text(name)
    location = reader.child("location")
    if location is not None:
        if closed:
            location.only(frozenset({"type", "address", "geo"}))
        address = location.child("address")
        if address is not None:
            if closed:
                address.only(_ADDRESS)
            address.const_types("PostalAddress")
            for name in _ADDRESS - {"type"}:
                address.text(name)
    return reader


def _enum_text(reader: SubjectReader, name: str, allowed: tuple[str, ...]) -> str:
    value = reader.required_text(name)
    if value not in allowed:
        raise reader.error(name, f"is not one of {', '.join(allowed)}")
    return value


# ------------------------------------------------------------------ USMCA certification of origin


def _certification(
    credential: VerifiedCredential, document: SubjectReader, provenance: Provenance, parties: Parties
) -> Parsed:
    _common(document, USMCA_CERTIFICATION, allowed=_DOCUMENT | {"credentialSchema"}, contexts=CONTEXTS)
    document.required("validUntil")
    issuer = document.required_child("issuer")
    issuer.only(frozenset({"type", "id", "name", "location", "employee"}))
    issuer.const_types("Organization")
    issuer.required("id", "employee")
    subject = document.required_child("credentialSubject")
    subject.only(_SUBJECT)
    subject.const_types("USMCAClaims")
    subject.required("goods", "exporterDetails", "producerDetails")
    named = _claims_parties(subject, provenance.signer_party, parties)
    goods = subject.children("goods")
    if not goods:
        raise subject.error("goods", "is empty (a certification lists at least one good)")
    if len(goods) > _MAX_GOODS:
        raise subject.error("goods", f"lists more than {_MAX_GOODS} goods")
    products = [_product(good) for good in goods]
    details, signature = _certifier(issuer, credential)
    gaps = named.gaps
    if signature.signed_on is None:
        gaps += ("9 signature date (the proof has no created time)",)
    valid_from, valid_until = _day(credential.claims.valid_from), _day(credential.claims.valid_until)
    assert valid_from is not None
    assert valid_until is not None
    certifier = Certifier(provenance.signer_party, named.role, details)
    records = tuple(
        CertificationOfOrigin(
            provenance=_item(provenance, position),
            certification_id=provenance.record_id,
            agreement=Agreement.USMCA,
            certifier=certifier,
            exporter=named.exporter,
            producer=named.producer,
            importer=named.importer,
            description=description,
            hs=hs,
            invoice_number=subject.text("invoiceNumber"),
            criterion=criterion,
            origin_country=country,
            blanket=Period(valid_from, valid_until),
            signature=signature,
            gaps=gaps,
        )
        for position, (description, hs, criterion, country) in enumerate(products)
    )
    return records, provenance.signer_party


@dataclass(frozen=True, slots=True)
class _Named:
    exporter: str | None
    producer: str | None
    importer: str | None
    role: CertifierRole | None
    gaps: tuple[str, ...]


def _claims_parties(subject: SubjectReader, certifier: str, parties: Parties) -> _Named:
    """The parties a ``USMCAClaims`` names, by the DIDs in their ``id``, and the certifier's role among them."""
    exporter_reader = _organization(subject.required_child("exporterDetails"), "type", "name")
    producer_reader = _organization(subject.required_child("producerDetails"), "type", "name")
    importer_readers = tuple(_organization(item, "type") for item in subject.children("importerDetails"))
    gaps: list[str] = []
    exporter = _party(exporter_reader, parties)
    if subject.flag("variousExporters"):
        exporter = None
        gaps.append("3 exporter (various exporters, available upon request)")
    elif exporter is None:
        gaps.append("3 exporter (exporterDetails names no registered party)")
    producer = _party(producer_reader, parties)
    if subject.flag("variousProducers"):
        producer = "VARIOUS"
    elif (producer_reader.text("name") or "").casefold().startswith(AVAILABLE_UPON_REQUEST):
        producer = "AVAILABLE_UPON_REQUEST"
    elif producer is None:
        gaps.append("4 producer (producerDetails names no registered party)")
    importer: str | None = None
    if subject.flag("variousImporters"):
        importer = "VARIOUS"
    elif len(importer_readers) == 1:
        importer = _party(importer_readers[0], parties)
        if importer is None:
            gaps.append("importer (importerDetails names no registered party)")
    elif importer_readers:
        gaps.append("importer (importerDetails names several importers)")
    roles = {CertifierRole.PRODUCER: producer, CertifierRole.EXPORTER: exporter, CertifierRole.IMPORTER: importer}
    role = next((r for r, party in roles.items() if party == certifier), None)
    if role is None:
        gaps.append("1 certifier role (the issuer is not the producer, exporter or importer named)")
    return _Named(exporter, producer, importer, role, tuple(gaps))


def _certifier(issuer: SubjectReader, credential: VerifiedCredential) -> tuple[frozenset[str], Signature]:
    """The certifier's details given (``issuer`` and its ``employee``) and the signature (the proof)."""
    employee = issuer.required_child("employee")
    employee.only(frozenset({"type", "firstName", "lastName", "jobTitle", "email", "phoneNumber"}))
    employee.const_types("Person")
    employee.required("firstName", "lastName", "jobTitle", "email")
    name = f"{employee.required_text('firstName')} {employee.required_text('lastName')}"
    location = issuer.child("location")
    title, company, phone = employee.required_text("jobTitle"), issuer.text("name"), employee.text("phoneNumber")
    given = {
        "name": name,
        "title": title,
        "company": company,
        "address": location.child("address") if location is not None else None,
        "phone": phone,
        "email": employee.required_text("email"),
    }
    details = frozenset(k for k, v in given.items() if v)
    # The credential is the certification and its proof the signature: issuing this type certifies.
    return details, Signature(_day(credential.proof.created), name, title, company, phone, statement=True)


def _product(good: SubjectReader) -> tuple[str, identifiers.HsSubheading, str, identifiers.Country]:
    good.only(_PRODUCT)
    good.const_types("USMCAProduct")
    good.required("description", "commodityCode", "commodityCodeType", "originCriterion", "countryOfOrigin")
    _enum_text(good, "commodityCodeType", ("HS", "HTS"))
    criterion = _enum_text(good, "originCriterion", _CRITERIA)
    country = identifiers.Country(_enum_text(good, "countryOfOrigin", _USMCA_COUNTRIES))
    return good.required_text("description"), _hs(good, "commodityCode"), criterion, country


def _hs(reader: SubjectReader, name: str) -> identifiers.HsSubheading:
    digits = reader.required_text(name).replace(".", "").replace(" ", "")
    if not digits.isascii() or not digits.isdigit() or len(digits) < 6:
        raise reader.error(name, "is not an HS code of at least 6 digits")
    return identifiers.HsSubheading(digits[:6])


def _item(provenance: Provenance, position: int) -> Provenance:
    return Provenance(
        provenance.record_type,
        provenance.record_id,
        provenance.credential_id,
        provenance.log_index,
        provenance.leaf_hash,
        provenance.signer,
        provenance.signer_party,
        Vocabulary.TRACEABILITY,
        position,
    )


# ------------------------------------------------------------------ intellectual property rights


def _product_of(subject: SubjectReader) -> tuple[str | None, identifiers.Gtin | None]:
    product = subject.child("intellectualPropertyRightsProduct")
    if product is None:
        return None, None
    product.const_types("Product")
    gtin = product.parsed("gtin", identifiers.Gtin.parse)
    return product.text("name"), gtin


def _rights(
    credential: VerifiedCredential, document: SubjectReader, provenance: Provenance, parties: Parties
) -> Parsed:
    del credential
    _common(document, RIGHTS, allowed=_DOCUMENT - {"validUntil"} | {"credentialSchema", "evidence"}, contexts=CONTEXTS)
    issuer = document.required_child("issuer")
    issuer.const_types("Organization")
    issuer.required_text("id")
    subject = document.required_child("credentialSubject")  # an open schema: no member is required
    subject.const_types("IntellectualPropertyRights", required=False)
    rights_type = subject.text("intellectualPropertyRightsType")
    if rights_type is not None and rights_type not in _RIGHTS_TYPES:
        raise subject.error("intellectualPropertyRightsType", f"is not one of {', '.join(_RIGHTS_TYPES)}")
    owner_reader = subject.child("intellectualPropertyRightsOwner")
    owner = _party(_organization(owner_reader, "type", closed=False) if owner_reader else None, parties)
    product, gtin = _product_of(subject)
    evidence = document.child("evidence")
    url = evidence.text("evidenceDocumentUrl") if evidence is not None else None
    record = RightsRecord(
        _item(provenance, 0),
        provenance.record_id,
        owner or provenance.signer_party,
        rights_type,
        product,
        gtin,
        url,
    )
    if owner is not None and owner != provenance.signer_party:
        return (record,), owner  # the owner states its own rights
    return (record,), provenance.signer_party


def _licence(
    credential: VerifiedCredential, document: SubjectReader, provenance: Provenance, parties: Parties
) -> Parsed:
    _common(document, RIGHTS_LICENCE, allowed=_DOCUMENT - {"validUntil"} | {"credentialSchema"}, contexts=CONTEXTS)
    issuer = document.required_child("issuer")
    issuer.only(frozenset({"type", "id", "name", "location"}))
    issuer.const_types("Organization")
    issuer.required("id")
    subject = document.required_child("credentialSubject")  # an open schema: other members are allowed
    subject.const_types("IntellectualPropertyRightsLicense", required=False)
    subject.required("licensee", "extendsCredential")
    licensee_reader = subject.required_child("licensee")
    licensee_reader.only(frozenset({"type", "id", "name", "location"}))
    licensee_reader.const_types("Organization")
    licensee_reader.required("type", "id")
    licensee_did = licensee_reader.required_text("id")
    rights_type = subject.text("intellectualPropertyRightsType")
    if rights_type is not None and rights_type not in _RIGHTS_TYPES:
        raise subject.error("intellectualPropertyRightsType", f"is not one of {', '.join(_RIGHTS_TYPES)}")
    extends = subject.required_text("extendsCredential")
    _, gtin = _product_of(subject)
    country_text = None
    location = licensee_reader.child("location")
    address = location.child("address") if location is not None else None
    if address is not None:
        country_text = address.text("addressCountry")
    country = None
    if country_text is not None:
        try:
            country = identifiers.Country.parse(country_text)
        except ValueError:
            country = None  # a country name, not a code: the licensee's country is not known
    start = _day(credential.claims.valid_from)
    assert start is not None
    gaps = {"marks", "making countries", "markets", "facilities", "end date"}
    if gtin is None:
        gaps.add("goods")
    record = TrademarkLicence(
        provenance=_item(provenance, 0),
        licence_id=provenance.record_id,
        licensor=provenance.signer_party,
        licensee=parties.party_of(licensee_did) or licensee_did,
        licensee_country=country,
        recordation=extends,
        parent=None,
        depth=0,
        marks=frozenset(),
        goods=LicensedGoods((), (), (), (gtin,) if gtin is not None else ()),
        making_countries=frozenset(),
        markets=frozenset(),
        facilities=frozenset(),
        period=Period(start, None),
        quantity_cap=None,
        gaps=frozenset(gaps),
    )
    return (record,), provenance.signer_party


# ------------------------------------------------------------------ CBP Form 7501 entry summary


def _entry_summary(
    credential: VerifiedCredential, document: SubjectReader, provenance: Provenance, parties: Parties
) -> Parsed:
    del credential
    _common(document, ENTRY_SUMMARY, allowed=_DOCUMENT | {"credentialSchema"}, contexts=None)
    context = document.raw("@context")
    if context not in (CONTEXTS, [*CONTEXTS, TRADE_CONTEXT]):
        raise document.error("@context", f"is not {CONTEXTS} (our context may follow, for our members)")
    extended = context == [*CONTEXTS, TRADE_CONTEXT]
    subject = document.required_child("credentialSubject")
    subject.const_types("CBPEntrySummary")
    subject.required("entryNumber", "importDate", "summaryDate", "countryOfOrigin", "descriptionOfMerchandise")
    entry_number = subject.required_text("entryNumber")
    import_date = _date_time(subject, "importDate")
    claim_date = _date_time(subject, "summaryDate")
    origin = subject.parsed("countryOfOrigin", identifiers.Country.parse)
    assert origin is not None
    importer, gaps = _entry_importer(subject, parties)
    items = subject.children("descriptionOfMerchandise")
    if not items:
        raise subject.error("descriptionOfMerchandise", "is empty")
    records: list[TradeRecord] = []
    for position, item in enumerate(items):
        item.const_types("CBPEntrySummaryLineItem")
        if not extended:
            for name in ENTRY_EXTENSIONS:
                if item.has(name):
                    raise item.error(name, "is our member: the credential must name our @context to use it")
        commodity = item.required_child("commodity")
        commodity.const_types("Commodity")
        code_type = commodity.text("commodityCodeType")
        if code_type is not None and code_type not in ("HS", "HTS"):
            raise commodity.error("commodityCodeType", "is not one of HS, HTS")
        htsus = commodity.parsed("commodityCode", identifiers.Htsus.parse)
        if htsus is None:
            raise commodity.error("commodityCode", "is missing")
        line_gaps = list(gaps)
        spi = item.text("specialProgramIndicator")
        certification = item.text("certification")
        if spi is None and certification is None:
            line_gaps.append("preference claim (special program indicator) and certification cited")
        value = item.child("enteredValue")
        value_usd = None
        if value is not None and value.text("priceCurrency") == "USD":
            value_usd = value.number("price")
        line_id = provenance.record_id if len(items) == 1 else f"{provenance.record_id}#{position + 1}"
        line = EntryLine(
            line_id=line_id,
            entry_number=entry_number,
            line=position + 1,
            importer=importer or "",
            exporter=_exporter(item, parties),
            origin_country=origin,
            htsus=htsus,
            spi=spi,
            import_date=import_date,
            claim_date=claim_date,
            certification_id=certification,
            value_usd=value_usd,
            importer_number=_importer_number(subject),
            gaps=tuple(line_gaps),
        )
        item_provenance = _item(provenance, position)
        records.append(EntrySummaryLine(_with_id(item_provenance, line_id), line))
    signer = None if provenance.signer_party in {CBP_PARTY, importer} else importer
    return tuple(records), signer


def _with_id(provenance: Provenance, record_id: str) -> Provenance:
    return Provenance(
        provenance.record_type,
        record_id,
        provenance.credential_id,
        provenance.log_index,
        provenance.leaf_hash,
        provenance.signer,
        provenance.signer_party,
        provenance.vocabulary,
        provenance.item,
    )


def _date_time(reader: SubjectReader, name: str) -> date:
    text = reader.required_text(name)
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        raise reader.error(name, "is not a date-time") from None


def _importer_number(subject: SubjectReader) -> str | None:
    number = subject.child("importerNumber")
    return number.text("number") if number is not None else None


def _entry_importer(subject: SubjectReader, parties: Parties) -> tuple[str | None, list[str]]:
    record = subject.child("importerOfRecord")
    importer = _party(record, parties)
    number = _importer_number(subject)
    if importer is None and number is not None:
        importer = parties.party_of_importer_number(number)
    if importer is None:
        return None, ["importer of record (neither its id nor its importer number names a registered party)"]
    return importer, []


def _exporter(item: SubjectReader, parties: Parties) -> str | None:
    did = item.text("exporter")
    return parties.party_of(did) if did is not None else None


_READERS: dict[str, Callable[[VerifiedCredential, SubjectReader, Provenance, Parties], Parsed]] = {
    USMCA_CERTIFICATION: _certification,
    RIGHTS: _rights,
    RIGHTS_LICENCE: _licence,
    ENTRY_SUMMARY: _entry_summary,
}

__all__ = ["TYPES", "Parties", "RecordFormatError", "parse", "traceability_type"]
