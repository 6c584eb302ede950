"""Which keys each trade record is found by: the rows of ``trade_refs`` (one per key a ``RecordSource`` asks).

A ref is (kind, key) -> the record at (log index, position in its entry). Some
questions want only the first record of an id (a certification repeated later
does not count again); :func:`refs_of` is told whether the record is the first of
its id and leaves those refs out otherwise, exactly as ``RecordIndex`` does.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator

from trade import record_index
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
    TrademarkLicence,
    TrademarkRecordation,
    TradeRecord,
)


class Ref(enum.IntEnum):
    """Kinds of key (stored as small integers: the table has several rows per record)."""

    CERTIFICATION = 1  # certification id -> every good of every credential certifying it
    CERTIFICATION_OF_PARTY = 2  # party -> the first certification of each id naming it
    STATUS = 3  # certification id -> statuses naming it
    PARTY = 4  # party id -> its registrations
    PARTY_NAME = 5  # folded legal name -> registrations
    PARTY_KEY = 6  # did:key -> registrations listing it
    VERIFICATION_OF_PARTY = 8
    VERIFICATION_OF_CERTIFICATION = 9
    LINE = 10  # line id -> entry lines
    LINE_OF_ENTRY = 11  # entry number -> the first line of each line id
    LINE_CITING = 12  # certification id -> the first line of each line id
    LICENCE = 13
    LICENCE_TO = 14  # licensee -> the first licence of each id
    RECORDATION = 15  # mark in upper case
    RIGHTS = 16
    EVENT = 17  # licence id -> its events
    PROFILE = 18
    SIGHTING = 19  # serial
    FAILED = 20  # claimed id or reference of a failed entry
    NAMED = 21  # record id and credential id (claimed id of a failed entry)


def identity(item: TradeRecord | FailedRecord) -> tuple[Ref, str] | None:
    """The (kind, id) that decides whether ``item`` is the first of its id, for the types that care."""
    match item:
        case CertificationOfOrigin():
            return Ref.CERTIFICATION, item.certification_id
        case EntrySummaryLine():
            return Ref.LINE, item.line.line_id
        case TrademarkLicence():
            return Ref.LICENCE, item.licence_id
        case _:
            return None


def refs_of(item: TradeRecord | FailedRecord, *, first: bool) -> Iterator[tuple[Ref, str]]:
    """Every (kind, key) ``item`` is found by; ``first``: no earlier record has its id (see :func:`identity`)."""
    for name in record_index.names_of(item):
        yield Ref.NAMED, name
    match item:
        case FailedRecord():
            for key in {item.claimed_id, *item.claimed_refs} - {None}:
                assert key is not None
                yield Ref.FAILED, key
        case PartyRegistration():
            yield Ref.PARTY, item.party_id
            yield Ref.PARTY_NAME, record_index.fold_name(item.legal_name)
            for did in dict.fromkeys(item.keys):
                yield Ref.PARTY_KEY, did
        case CertificationOfOrigin():
            yield Ref.CERTIFICATION, item.certification_id
            if first:
                certifier = item.certifier.party_id or item.provenance.signer_party
                for party in dict.fromkeys(p for p in (item.exporter, item.producer, certifier) if p):
                    yield Ref.CERTIFICATION_OF_PARTY, party
        case RightsRecord():
            yield Ref.RIGHTS, item.rights_id
        case CertificationStatus():
            yield Ref.STATUS, item.certification_id
        case OriginVerification():
            yield Ref.VERIFICATION_OF_PARTY, item.party_id
            for certification_id in dict.fromkeys(item.certification_ids):
                yield Ref.VERIFICATION_OF_CERTIFICATION, certification_id
        case TrademarkRecordation():
            yield Ref.RECORDATION, item.mark.upper()
        case TrademarkLicence():
            yield Ref.LICENCE, item.licence_id
            if first:
                yield Ref.LICENCE_TO, item.licensee
        case LicenceEvent():
            yield Ref.EVENT, item.licence_id
        case ProductProfile():
            yield Ref.PROFILE, item.profile_id
        case SerialSighting():
            yield Ref.SIGHTING, item.serial
        case EntrySummaryLine():
            yield Ref.LINE, item.line.line_id
            if first:
                if item.line.certification_id is not None:
                    yield Ref.LINE_CITING, item.line.certification_id
                yield Ref.LINE_OF_ENTRY, item.line.entry_number
