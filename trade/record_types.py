"""The trade record types, frozen values with their provenance: import them from here (``trade.records`` parses)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from ledger_client import party_keys
from trade import identifiers
from trade.periods import Period
from trade.verdicts import Evidence, Reason

V2_CONTEXT = "https://www.w3.org/ns/credentials/v2"
TRACEABILITY_CONTEXT = "https://w3id.org/traceability/v1"
TRADE_CONTEXT = "https://customs-workstation.example/ns/trade/v1"
CONTEXTS = (V2_CONTEXT, TRACEABILITY_CONTEXT, TRADE_CONTEXT)
#: The party id under which CBP signs (its key is a pinned trust root, not a registration).
CBP_PARTY = party_keys.CBP_PARTY


class RecordType(enum.StrEnum):
    PARTY_REGISTRATION = "PartyRegistration"
    CERTIFICATION_OF_ORIGIN = "CertificationOfOrigin"
    CERTIFICATION_STATUS = "CertificationStatus"
    ORIGIN_VERIFICATION = "OriginVerification"
    TRADEMARK_RECORDATION = "TrademarkRecordation"
    TRADEMARK_LICENCE = "TrademarkLicence"
    LICENCE_EVENT = "LicenceEvent"
    PRODUCT_PROFILE = "ProductProfile"
    SERIAL_SIGHTING = "SerialSighting"
    ENTRY_SUMMARY_LINE = "EntrySummaryLine"
    RIGHTS_RECORD = "RightsRecord"


class Vocabulary(enum.StrEnum):
    """The vocabulary a credential was written in (its records say which)."""

    TRADE = "trade"  # ours (the last of ``CONTEXTS``)
    TRACEABILITY = "traceability"  # the W3C CCG Traceability vocabulary


class PartyRole(enum.StrEnum):
    IMPORTER = "importer"
    EXPORTER = "exporter"
    PRODUCER = "producer"
    RIGHTS_HOLDER = "rights_holder"
    LICENSEE = "licensee"
    OFFICER = "officer"
    SUPERVISOR = "supervisor"


class Agreement(enum.StrEnum):
    NAFTA = "NAFTA"
    USMCA = "USMCA"
    CAFTA_DR = "CAFTA-DR"


class CertifierRole(enum.StrEnum):
    IMPORTER = "importer"
    EXPORTER = "exporter"
    PRODUCER = "producer"


class StatusKind(enum.StrEnum):
    REVOKED = "revoked"
    SUPERSEDED = "superseded"
    AMENDED = "amended"


class VerificationOutcome(enum.StrEnum):
    AFFIRMED = "affirmed"
    DENIED_NOT_ORIGINATING = "denied_not_originating"
    DENIED_NO_REPLY = "denied_no_reply"
    DENIED_VISIT_REFUSED = "denied_visit_refused"
    PENDING = "pending"
    PATTERN = "pattern"

    @property
    def negative(self) -> bool:
        """A closed denial; no reply and a refused visit count as negative (docs/domain.md §4)."""
        return self.value.startswith("denied")


class LicenceEventKind(enum.StrEnum):
    SUSPENDED = "suspended"
    REINSTATED = "reinstated"
    TERMINATED = "terminated"
    SURVIVAL = "survival"


#: Producer (and importer) placeholders a certification may carry instead of a party id.
PRODUCER_TOKENS = frozenset({"SAME", "VARIOUS", "UNKNOWN", "AVAILABLE_UPON_REQUEST"})
IMPORTER_TOKENS = frozenset({"VARIOUS", "UNKNOWN"})


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a record came from: its log position, who signed it (a verified binding), its vocabulary.

    ``item`` is the record's position in its credential when one credential carries several
    (the goods of a ``USMCACertificationOfOrigin``, the lines of a ``CBP7501EntrySummaryCredential``).
    """

    record_type: RecordType
    record_id: str
    credential_id: str | None
    log_index: int
    leaf_hash: bytes
    signer: str
    signer_party: str
    vocabulary: Vocabulary = Vocabulary.TRADE
    item: int | None = None

    @property
    def evidence(self) -> Evidence:
        return Evidence(
            self.record_type.value,
            self.record_id,
            self.credential_id,
            self.log_index,
            self.leaf_hash,
            self.vocabulary.value,
        )


@dataclass(frozen=True, slots=True)
class FailedRecord:
    """A log entry whose credential failed verification: kept, flagged, never believed.

    ``claimed_*`` are read from unverified bytes, only to find the checks that depend on it.
    """

    reason: Reason
    log_index: int
    leaf_hash: bytes
    claimed_type: str | None
    claimed_id: str | None
    claimed_refs: tuple[str, ...] = ()
    detail: str | None = None  # what was wrong, naming the member (``MALFORMED_RECORD``)

    @property
    def evidence(self) -> Evidence:
        return Evidence(self.claimed_type or "unknown", self.claimed_id, None, self.log_index, self.leaf_hash)


@dataclass(frozen=True, slots=True)
class PartyRegistration:
    provenance: Provenance
    party_id: str
    legal_name: str
    country: identifiers.Country
    roles: frozenset[PartyRole]
    keys: tuple[str, ...]
    identifiers: tuple[tuple[str, str], ...] = ()
    dids: tuple[str, ...] = ()  # did:web DIDs the party issues under (signing with its keys)


@dataclass(frozen=True, slots=True)
class Certifier:
    party_id: str | None
    role: CertifierRole | None
    details: frozenset[str]  # which of name, title, company, address, phone, email are given


@dataclass(frozen=True, slots=True)
class Signature:
    signed_on: date | None
    name: str | None
    title: str | None
    company: str | None
    phone: str | None
    statement: bool


@dataclass(frozen=True, slots=True)
class CertificationOfOrigin:
    """A certification of origin (docs/domain.md §1): the agreement's data elements as signed."""

    provenance: Provenance
    certification_id: str
    agreement: Agreement
    certifier: Certifier
    exporter: str | None
    producer: str | None
    importer: str | None
    description: str | None
    hs: identifiers.HsSubheading | None
    invoice_number: str | None
    criterion: str | None
    origin_country: identifiers.Country | None
    blanket: Period | None
    signature: Signature
    producer_declaration: str | None = None  # NAFTA field 8: YES, NO (1), NO (2), NO (3)
    net_cost: str | None = None  # NAFTA field 9: NC or NO
    gaps: tuple[str, ...] = ()  # facts the rules need that the credential's vocabulary does not carry

    @property
    def signed_on(self) -> date | None:
        return self.signature.signed_on


@dataclass(frozen=True, slots=True)
class CertificationStatus:
    provenance: Provenance
    status_id: str
    certification_id: str
    kind: StatusKind
    effective: date
    superseded_by: str | None
    reason: str | None


@dataclass(frozen=True, slots=True)
class Withholding:
    """Pattern-of-conduct withholding: preference withheld on these goods from ``start`` until compliance."""

    goods: tuple[str, ...]  # HS digit prefixes
    start: date
    end: date | None


@dataclass(frozen=True, slots=True)
class OriginVerification:
    provenance: Provenance
    verification_id: str
    party_id: str
    certification_ids: tuple[str, ...]
    goods: tuple[str, ...]
    opened: date
    decided: date | None
    outcome: VerificationOutcome
    withholding: Withholding | None


@dataclass(frozen=True, slots=True)
class TrademarkRecordation:
    provenance: Provenance
    number: identifiers.RecordationNumber
    mark: str
    registration: identifiers.UsptoNumber
    owner: str
    owner_nationality: identifiers.Country
    classes: tuple[int, ...]
    made_in: tuple[identifiers.Country, ...]
    recorded_on: date
    expires: date
    lever_rule: bool
    roster_published: bool


@dataclass(frozen=True, slots=True)
class LicensedGoods:
    classes: tuple[int, ...]
    hs: tuple[str, ...]  # HS digit prefixes: chapters (61), headings (6110) or subheadings
    styles: tuple[str, ...]
    gtins: tuple[identifiers.Gtin, ...]


@dataclass(frozen=True, slots=True)
class TrademarkLicence:
    """A licence link (docs/domain.md §2), signed by its grantor."""

    provenance: Provenance
    licence_id: str
    licensor: str
    licensee: str
    licensee_country: identifiers.Country | None
    recordation: str
    parent: str | None
    depth: int  # sub-licensing levels allowed below this licence
    marks: frozenset[str]
    goods: LicensedGoods
    making_countries: frozenset[str]
    markets: frozenset[str]
    facilities: frozenset[str]
    period: Period
    quantity_cap: int | None
    gaps: frozenset[str] = frozenset()  # LICENCE_GAPS the credential's vocabulary does not carry


#: Licence facts a licence in another vocabulary may lack (the checks that need them answer REVIEW).
LICENCE_GAPS = frozenset({"marks", "goods", "making countries", "markets", "facilities", "end date"})


@dataclass(frozen=True, slots=True)
class RightsRecord:
    """An owner's own statement of its intellectual property rights in a product (not a CBP recordation).

    Read from a Traceability ``IntellectualPropertyRightsCredential``; the owner signs it.
    """

    provenance: Provenance
    rights_id: str
    owner: str
    rights_type: str | None  # Trademark, Patent or Copyright (the vocabulary does not require it)
    product_name: str | None
    gtin: identifiers.Gtin | None
    evidence_url: str | None


@dataclass(frozen=True, slots=True)
class LicenceEvent:
    provenance: Provenance
    event_id: str
    licence_id: str
    kind: LicenceEventKind
    effective: date
    child_id: str | None  # the licence a survival keeps alive


@dataclass(frozen=True, slots=True)
class Feature:
    """A profile feature: a numeric tolerance (``minimum``..``maximum``, ``unit``) or an exact text ``value``."""

    name: str
    unit: str | None
    minimum: float | None
    maximum: float | None
    value: str | None

    def describe(self) -> str:
        if self.value is not None:
            return f"{self.name} = {self.value}"
        return f"{self.name} {self.minimum:g}–{self.maximum:g} {self.unit or ''}".rstrip()


@dataclass(frozen=True, slots=True)
class ProductProfile:
    provenance: Provenance
    profile_id: str
    version: int
    season: str
    name: str
    mark: str
    recordation: str
    owner: str
    hs: identifiers.HsSubheading | None
    colourways: frozenset[str]
    features: tuple[Feature, ...]
    serial_format: str
    factories: frozenset[str]


@dataclass(frozen=True, slots=True)
class SerialSighting:
    provenance: Provenance
    sighting_id: str
    profile_id: str
    serial: str
    seen_on: date
    port: str | None
    entry_number: str | None


@dataclass(frozen=True, slots=True)
class EntryLine:
    """An entry summary line as filed (the officer's input to an origin check).

    ``import_date`` tests agreement in force and blanket coverage; ``claim_date`` (entry
    summary filed) tests signature, revocation and the 4-year life (docs/domain.md §0).
    """

    line_id: str
    entry_number: str
    line: int
    importer: str
    exporter: str | None
    origin_country: identifiers.Country
    htsus: identifiers.Htsus
    spi: str | None
    import_date: date
    claim_date: date
    certification_id: str | None
    importer_knowledge: bool = False
    value_usd: float | None = None
    importer_number: str | None = None
    gaps: tuple[str, ...] = ()  # facts the rules need that the credential's vocabulary does not carry


@dataclass(frozen=True, slots=True)
class EntrySummaryLine:
    provenance: Provenance
    line: EntryLine


TradeRecord = (
    PartyRegistration
    | CertificationOfOrigin
    | CertificationStatus
    | OriginVerification
    | TrademarkRecordation
    | TrademarkLicence
    | LicenceEvent
    | ProductProfile
    | SerialSighting
    | EntrySummaryLine
    | RightsRecord
)


@dataclass(frozen=True, slots=True)
class Binding:
    """What one CBP-signed registration binds in a ``SignerDirectory`` (all a replay of it needs)."""

    party: str
    keys: tuple[str, ...]
    dids: tuple[str, ...]
    importer_numbers: tuple[str, ...]
    staff: bool  # registered as CBP's officer or supervisor

    @classmethod
    def of(cls, registration: PartyRegistration) -> Binding:
        numbers = tuple(value for name, value in registration.identifiers if name == "importerNumber")
        staff = bool(registration.roles & {PartyRole.OFFICER, PartyRole.SUPERVISOR})
        return cls(registration.party_id, registration.keys, registration.dids, numbers, staff)


class SignerDirectory:
    """Which party each did:key belongs to (the rule of :mod:`ledger_client.party_keys`, shared with
    the node and the mirror), and which parties are CBP's registered staff.
    """

    def __init__(self, cbp_issuer: str) -> None:
        self.cbp_issuer = cbp_issuer
        self._keys = party_keys.PartyKeys([cbp_issuer])
        self._staff: set[str] = set()
        self._importer_numbers: dict[str, str] = {}
        self._numbers_of: dict[str, tuple[str, ...]] = {}  # what each party's last registration gave

    def party_of_importer_number(self, number: str) -> str | None:
        """The party whose current registration gives this CBP importer number."""
        return self._importer_numbers.get(number.strip())

    def acts_for_cbp(self, party: str) -> bool:
        """CBP itself, or a party CBP registered as its officer or supervisor (who may sign sightings)."""
        return party == CBP_PARTY or party in self._staff

    def party_of(self, did: str) -> str | None:
        return self._keys.party_of(did)

    def party_of_signer(self, issuer: str, verification_method: str) -> str | None:
        """The party a credential's signer signs for (a did:web issuer only through a key it lists)."""
        return self._keys.party_of_signer(issuer, verification_method)

    def bind(self, registration: PartyRegistration) -> None:
        """Bind a verified registration's keys (it must be CBP-signed; the parser makes sure)."""
        assert registration.provenance.signer_party == CBP_PARTY
        self.apply(Binding.of(registration))

    def apply(self, binding: Binding) -> None:
        """Bind what a CBP-signed registration binds (replayed in log order, as :meth:`bind` did)."""
        party = binding.party
        self._keys.bind(party, binding.keys, binding.dids)
        for number in self._numbers_of.pop(party, ()):  # the party's earlier numbers (a binding costs its own size)
            if self._importer_numbers.get(number) == party:
                del self._importer_numbers[number]
        for number in binding.importer_numbers:
            self._importer_numbers[number] = party
        self._numbers_of[party] = binding.importer_numbers
        if binding.staff:
            self._staff.add(party)
        else:
            self._staff.discard(party)
