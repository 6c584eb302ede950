"""The questions the trade rules ask of the ledger's records: the ``RecordSource`` protocol.

The rules never read a whole-ledger structure: each asks for the few records a key
names (a certification by id, the statuses naming it, the lines citing it...).
``trade.record_index.RecordIndex`` answers them from memory (small ledgers, tests,
the demo); the workstation answers them from tables in its encrypted cache.

Every answer follows the log: lists are in log order, and where a later record
repeats an id, "the" record is the first one (a party's registration is the
exception: its latest one counts, since a re-registration replaces the binding).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from trade.record_types import (
    CertificationOfOrigin,
    CertificationStatus,
    EntrySummaryLine,
    FailedRecord,
    LicenceEvent,
    OriginVerification,
    PartyRegistration,
    ProductProfile,
    RightsRecord,
    SerialSighting,
    SignerDirectory,
    TrademarkLicence,
    TrademarkRecordation,
    TradeRecord,
)

#: A record with its provenance (every record type but ``FailedRecord``).
_Logged = TypeVar("_Logged", OriginVerification, EntrySummaryLine)


class RecordSource(Protocol):
    """The ledger's records as the rules consult them (see the module docstring for the ordering rules)."""

    @property
    def size(self) -> int:
        """How many log entries the records were read from (the next entry's log index)."""
        ...

    def certification(self, certification_id: str, hs: str | None = None) -> CertificationOfOrigin | None:
        """The certification with this id; of one listing several goods, the good whose HS subheading is
        ``hs`` (else its first good, so that a mismatch is reported against it)."""
        ...

    def goods_of(self, certification_id: str) -> Sequence[CertificationOfOrigin]:
        """The goods (one record each) of the first credential certifying ``certification_id``."""
        ...

    def statuses_of(self, certification_id: str) -> Sequence[CertificationStatus]:
        """Every status naming the certification, whoever signed it."""
        ...

    def failed_for(self, *record_ids: str | None) -> tuple[FailedRecord, ...]:
        """Failed entries that claim to be, or to be about, any of these ids."""
        ...

    def party(self, party_id: str | None) -> PartyRegistration | None:
        """The party's latest registration."""
        ...

    def party_country(self, party_id: str | None) -> str | None:
        """The country of a registered party, or None (:func:`party_country`)."""
        ...

    def party_name(self, party_id: str | None) -> str:
        """``Legal Name (P-ID)`` of a registered party, else the id as given (:func:`party_name`)."""
        ...

    def parties_named(self, folded_prefix: str, limit: int | None = None) -> list[PartyRegistration]:
        """Parties whose folded legal name (``record_index.fold_name``) starts with the prefix, by name
        (then id); the first ``limit`` of them."""
        ...

    def parties_with_key(self, did: str) -> list[PartyRegistration]:
        """Parties whose latest registration lists ``did`` among its keys, in log order."""
        ...

    def certifications_of_party(self, party_id: str) -> Sequence[CertificationOfOrigin]:
        """Certifications naming the party as exporter, producer or certifier (the first of each id)."""
        ...

    def verifications_of_party(self, party_id: str) -> Sequence[OriginVerification]:
        """The origin verifications of a party."""
        ...

    def verifications_about(
        self, parties: Iterable[str | None], certification_ids: Iterable[str]
    ) -> list[OriginVerification]:
        """The verifications of any of ``parties`` or naming any of ``certification_ids``."""
        ...

    def lines_citing(self, certification_id: str) -> Sequence[EntrySummaryLine]:
        """The entry lines (first of each line id) citing a certification."""
        ...

    def lines_of_entry(self, entry: str) -> tuple[EntrySummaryLine, ...]:
        """The entry lines whose line id or entry number is ``entry``."""
        ...

    def entry_line(self, line_id: str) -> EntrySummaryLine | None:
        """The entry line with this id."""
        ...

    def licence(self, licence_id: str) -> TrademarkLicence | None:
        """The licence with this id."""
        ...

    def licences_to(self, licensee: str) -> Sequence[TrademarkLicence]:
        """The licences (first of each id) naming ``licensee``."""
        ...

    def recordations_of(self, mark: str) -> Sequence[TrademarkRecordation]:
        """The recordations of a word mark (compared in upper case)."""
        ...

    def rights(self, rights_id: str) -> RightsRecord | None:
        """The rights record with this id."""
        ...

    def events_of(self, licence_id: str) -> Sequence[LicenceEvent]:
        """Every event naming the licence, whoever signed it."""
        ...

    def profiles_of(self, profile_id: str) -> Sequence[ProductProfile]:
        """Every version of a product profile, all seasons."""
        ...

    def sightings_of(self, serial: str) -> Sequence[SerialSighting]:
        """Every sighting of a serial."""
        ...

    def records_at(self, log_index: int) -> tuple[TradeRecord | FailedRecord, ...]:
        """The records read from the entry at ``log_index``."""
        ...

    def records_named(self, record_id: str) -> tuple[TradeRecord | FailedRecord, ...]:
        """The records whose record id or credential id (or claimed id, for a failed entry) is ``record_id``."""
        ...

    def signers(self, cbp_issuer: str) -> SignerDirectory:
        """A new directory holding every binding the entries made (CBP's ``cbp_issuer`` and its registrations)."""
        ...


def party_country(source: RecordSource, party_id: str | None) -> str | None:
    """The country of a registered party, or None."""
    party = source.party(party_id)
    return party.country.code if party else None


def party_name(source: RecordSource, party_id: str | None) -> str:
    """``Legal Name (P-ID)`` of a registered party, else the id as given."""
    party = source.party(party_id)
    return f"{party.legal_name} ({party.party_id})" if party else str(party_id)


def good_for(goods: Sequence[CertificationOfOrigin], hs: str | None) -> CertificationOfOrigin | None:
    """Of a certification's goods, the one whose HS subheading is ``hs``, else None (the caller's fallback)."""
    return next((good for good in goods if good.hs is not None and good.hs.digits == hs), None)


def in_log_order(groups: Iterable[Iterable[_Logged]]) -> list[_Logged]:
    """The records of ``groups``, one per log index, in log order."""
    found = {record.provenance.log_index: record for group in groups for record in group}
    return [found[i] for i in sorted(found)]
