"""The records a check may consult, indexed for lookups; and reading a log's entries into them.

``read_ledger`` verifies every entry with ``ledger_client.credentials`` (no I/O: the
entries are bytes already fetched and proven by the caller), binds signers in log
order, and keeps failed entries as ``FailedRecord``.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, TypeVar

from ledger_client import merkle
from ledger_client.credentials import JsonObject, parse_json_object, verify_credential
from ledger_client.errors import LedgerError
from trade import records
from trade.records import (
    CertificationOfOrigin,
    CertificationStatus,
    EntrySummaryLine,
    FailedRecord,
    LicenceEvent,
    OriginVerification,
    PartyRegistration,
    ProductProfile,
    SerialSighting,
    SignerDirectory,
    TrademarkLicence,
    TrademarkRecordation,
    TradeRecord,
)
from trade.verdicts import Reason


@dataclass(frozen=True, slots=True)
class RecordIndex:
    """Every record, by type and by the ids the checks look up. Build with ``RecordIndex.build``."""

    records: tuple[TradeRecord | FailedRecord, ...]
    parties: dict[str, PartyRegistration] = field(default_factory=dict)
    certifications: dict[str, CertificationOfOrigin] = field(default_factory=dict)
    statuses: dict[str, list[CertificationStatus]] = field(default_factory=dict)
    verifications: list[OriginVerification] = field(default_factory=list)
    recordations: list[TrademarkRecordation] = field(default_factory=list)
    licences: dict[str, TrademarkLicence] = field(default_factory=dict)
    events: dict[str, list[LicenceEvent]] = field(default_factory=dict)
    profiles: dict[str, list[ProductProfile]] = field(default_factory=dict)
    sightings: dict[str, list[SerialSighting]] = field(default_factory=dict)
    entry_lines: dict[str, EntrySummaryLine] = field(default_factory=dict)
    failed: dict[str, list[FailedRecord]] = field(default_factory=dict)
    # Secondary indexes, so that a lookup reads what it needs and never scans the ledger:
    #: the certifications (first of each id) naming a party as exporter, producer or certifier;
    certifications_by_party: dict[str, list[CertificationOfOrigin]] = field(default_factory=dict)
    #: the entry lines (first of each id) citing a certification, and filed under an entry number;
    lines_by_certification: dict[str, list[EntrySummaryLine]] = field(default_factory=dict)
    lines_by_entry: dict[str, list[EntrySummaryLine]] = field(default_factory=dict)
    #: the origin verifications of a party, and those naming a certification;
    verifications_by_party: dict[str, list[OriginVerification]] = field(default_factory=dict)
    verifications_by_certification: dict[str, list[OriginVerification]] = field(default_factory=dict)
    #: (folded legal name, party id) of every registered party, sorted: name prefixes are a range.
    party_names: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def build(cls, items: Iterable[TradeRecord | FailedRecord]) -> RecordIndex:
        """Index records in log order (a later record with the same id does not replace the first)."""
        everything = tuple(items)
        index = cls(everything)
        for item in everything:
            index._add(item, _append)
        return index

    def extended(self, items: Iterable[TradeRecord | FailedRecord]) -> RecordIndex:
        """This index plus ``items`` (the entries that follow it in the log), as a new index.

        Equal to ``build`` over all the records, at the cost of the new ones: the
        maps are copied (references only) and the lists that grow are replaced, so
        a reader still holding this index never sees it change.
        """
        added = tuple(items)
        index = RecordIndex(
            self.records + added,
            dict(self.parties),
            dict(self.certifications),
            dict(self.statuses),
            list(self.verifications),
            list(self.recordations),
            dict(self.licences),
            dict(self.events),
            dict(self.profiles),
            dict(self.sightings),
            dict(self.entry_lines),
            dict(self.failed),
            dict(self.certifications_by_party),
            dict(self.lines_by_certification),
            dict(self.lines_by_entry),
            dict(self.verifications_by_party),
            dict(self.verifications_by_certification),
            list(self.party_names),
        )
        for item in added:
            index._add(item, _appended)
        return index

    def _add(self, item: TradeRecord | FailedRecord, grow: _Grow) -> None:
        match item:
            case FailedRecord():
                for key in {item.claimed_id, *item.claimed_refs} - {None}:
                    assert key is not None
                    grow(self.failed, key, item)
            case PartyRegistration():
                earlier = self.parties.get(item.party_id)
                self.parties[item.party_id] = item  # a later registration replaces the earlier one
                if earlier is not None:
                    self.party_names.remove((fold_name(earlier.legal_name), earlier.party_id))
                bisect.insort(self.party_names, (fold_name(item.legal_name), item.party_id))
            case CertificationOfOrigin():
                if self.certifications.setdefault(item.certification_id, item) is item:
                    certifier = item.certifier.party_id or item.provenance.signer_party
                    for party in dict.fromkeys(p for p in (item.exporter, item.producer, certifier) if p):
                        grow(self.certifications_by_party, party, item)
            case CertificationStatus():
                grow(self.statuses, item.certification_id, item)
            case OriginVerification():
                self.verifications.append(item)
                grow(self.verifications_by_party, item.party_id, item)
                for certification_id in dict.fromkeys(item.certification_ids):
                    grow(self.verifications_by_certification, certification_id, item)
            case TrademarkRecordation():
                self.recordations.append(item)
            case TrademarkLicence():
                self.licences.setdefault(item.licence_id, item)
            case LicenceEvent():
                grow(self.events, item.licence_id, item)
            case ProductProfile():
                grow(self.profiles, item.profile_id, item)
            case SerialSighting():
                grow(self.sightings, item.serial, item)
            case EntrySummaryLine():
                if self.entry_lines.setdefault(item.line.line_id, item) is item:
                    if item.line.certification_id is not None:
                        grow(self.lines_by_certification, item.line.certification_id, item)
                    grow(self.lines_by_entry, item.line.entry_number, item)

    def parties_named(self, folded_prefix: str) -> list[PartyRegistration]:
        """The parties whose folded legal name (:func:`fold_name`) starts with ``folded_prefix``."""
        found = []
        for name, party_id in self.party_names[bisect.bisect_left(self.party_names, (folded_prefix, "")) :]:
            if not name.startswith(folded_prefix):
                break
            found.append(self.parties[party_id])
        return found

    def verifications_about(
        self, parties: Iterable[str | None], certification_ids: Iterable[str]
    ) -> list[OriginVerification]:
        """The verifications of any of ``parties`` or naming any of ``certification_ids``, in log order."""
        found: dict[int, OriginVerification] = {}
        for party in parties:
            for v in self.verifications_by_party.get(party or "", ()):
                found[v.provenance.log_index] = v
        for certification_id in certification_ids:
            for v in self.verifications_by_certification.get(certification_id, ()):
                found[v.provenance.log_index] = v
        return [found[i] for i in sorted(found)]

    def lines_of_entry(self, entry: str) -> tuple[EntrySummaryLine, ...]:
        """The entry lines whose line id or entry number is ``entry``, in log order."""
        found = {line.provenance.log_index: line for line in self.lines_by_entry.get(entry, ())}
        if (by_id := self.entry_lines.get(entry)) is not None:
            found[by_id.provenance.log_index] = by_id
        return tuple(found[i] for i in sorted(found))

    def failed_for(self, *record_ids: str | None) -> tuple[FailedRecord, ...]:
        """Failed entries that claim to be, or to be about, any of these ids."""
        found: dict[int, FailedRecord] = {}
        for record_id in record_ids:
            for failed in self.failed.get(record_id or "", ()):
                found.setdefault(failed.log_index, failed)
        return tuple(found.values())

    def party_country(self, party_id: str | None) -> str | None:
        party = self.parties.get(party_id or "")
        return party.country.code if party else None

    def party_name(self, party_id: str | None) -> str:
        party = self.parties.get(party_id or "")
        return f"{party.legal_name} ({party.party_id})" if party else str(party_id)


@functools.lru_cache(maxsize=1 << 17)  # every registered party's name is folded once, not at each lookup
def fold_name(text: str) -> str:
    """Case- and accent-insensitive form of a name (``Fábrica`` and ``fabrica`` fold alike)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


_T = TypeVar("_T")


class _Grow(Protocol):
    """How a list in a map grows: in place while building, by replacement while extending."""

    def __call__(self, lists: dict[str, list[_T]], key: str, item: _T, /) -> None: ...


def _append(lists: dict[str, list[_T]], key: str, item: _T) -> None:
    lists.setdefault(key, []).append(item)


def _appended(lists: dict[str, list[_T]], key: str, item: _T) -> None:
    """Replace the list rather than grow it: an older index may share it."""
    lists[key] = [*lists.get(key, ()), item]


def read_ledger(entries: Sequence[bytes], *, cbp_issuer: str, at: datetime, first_index: int = 0) -> RecordIndex:
    """Verify and parse log entries in order.

    Args:
        entries: the log's entries (JCS bytes of secured credentials), in log order.
        cbp_issuer: CBP's pinned did:key.
        at: the verification time (aware).
        first_index: the log index of ``entries[0]``.

    A credential that fails ``verify_credential`` becomes a ``FailedRecord`` with
    ``BAD_SIGNATURE``; one whose signer is not bound, ``UNREGISTERED_SIGNER``.
    """
    signers = SignerDirectory(cbp_issuer)
    parsed: list[TradeRecord | FailedRecord] = []
    for offset, entry in enumerate(entries):
        parsed.append(read_entry(entry, first_index + offset, signers=signers, at=at))
    return RecordIndex.build(parsed)


def read_logged(
    entry: bytes, log_index: int, leaf_hash: bytes, *, proof_verified: bool, signers: SignerDirectory
) -> TradeRecord | FailedRecord:
    """Parse one entry the mirror verified at sync, using its outcome (one verification per entry).

    Args:
        proof_verified: the mirror's outcome for condition (1): the proof verified and
            the issuer controls the key (an entry it stored as ``BAD_SIGNATURE`` is False).
        signers: CBP's key and the bindings of the registrations read so far (condition 2
            is applied again here: it is a table lookup, not a signature check).

    An entry whose proof did not verify, or whose ``@context`` is not the ledger's,
    becomes a ``FailedRecord`` with ``BAD_SIGNATURE``, as :func:`read_entry` makes it.
    """
    try:
        document = parse_json_object(entry.decode("utf-8"), what="ledger entry")
    except (UnicodeDecodeError, LedgerError):
        return FailedRecord(Reason.MALFORMED_RECORD, log_index, leaf_hash, None, None)
    issuer = _issuer(document)
    if not proof_verified or issuer is None or not _ledger_contexts(document):
        return _bad_signature(document, log_index, leaf_hash)
    record = records.parse_logged(document, issuer=issuer, log_index=log_index, leaf_hash=leaf_hash, signers=signers)
    if isinstance(record, PartyRegistration) and record.provenance.signer_party == records.CBP_PARTY:
        signers.bind(record)
    return record


def _issuer(document: JsonObject) -> str | None:
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) and issuer else None


def _ledger_contexts(document: JsonObject) -> bool:
    """The ``@context`` the ledger's records use: the VC 2.0 context first, then only the ledger's own."""
    context = document.get("@context")
    if not isinstance(context, list) or not context or context[0] != records.CONTEXTS[0]:
        return False
    return all(isinstance(item, str) and item in records.CONTEXTS[1:] for item in context[1:])


def _bad_signature(document: JsonObject, log_index: int, leaf_hash: bytes) -> FailedRecord:
    subject = document.get("credentialSubject")
    claimed = subject.get("id") if isinstance(subject, dict) else None
    kinds = document.get("type")
    claimed_type = (
        next((t for t in kinds if isinstance(t, str) and t != "VerifiableCredential"), None)
        if isinstance(kinds, list)
        else None
    )
    return FailedRecord(
        Reason.BAD_SIGNATURE,
        log_index,
        leaf_hash,
        claimed_type,
        claimed if isinstance(claimed, str) else None,
        records.claimed_refs(document),
    )


def read_entry(entry: bytes, log_index: int, *, signers: SignerDirectory, at: datetime) -> TradeRecord | FailedRecord:
    """Verify and parse one entry; a registration signed by CBP binds its keys in ``signers``."""
    leaf = merkle.leaf_hash(entry)
    try:
        document = parse_json_object(entry.decode("utf-8"), what="ledger entry")
    except (UnicodeDecodeError, LedgerError):
        return FailedRecord(Reason.MALFORMED_RECORD, log_index, leaf, None, None)
    try:
        verified = verify_credential(document, at=at, allowed_contexts=records.CONTEXTS[1:])
    except LedgerError:
        return _bad_signature(document, log_index, leaf)
    record = records.parse_record(verified, log_index=log_index, leaf_hash=leaf, signers=signers)
    if isinstance(record, PartyRegistration) and record.provenance.signer_party == records.CBP_PARTY:
        signers.bind(record)
    return record
