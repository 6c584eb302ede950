"""Assemble, sign and order the demo ledger: registrations first, then every record by date."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import rfc8785

from ledger_client.credentials import JsonObject, ProofOptions, sign_credential
from trade import identifiers, traceability
from trade.demo import anchors, catalogue, documents, fillers, traceability_docs
from trade.demo.documents import Draft
from trade.demo.keys import DemoKeys
from trade.demo.parties import ALL_PARTIES, BY_ID
from trade.demo.plans import DemoPlan
from trade.record_types import CONTEXTS, RecordType

DEFAULT_SEED = 20250630
_ID_NAMESPACE = uuid.UUID("6f1c1c52-6a43-4e0b-9d0c-2f2b9a1d7e10")
_TYPE_ORDER = {t: i for i, t in enumerate(RecordType)}


@dataclass(frozen=True, slots=True)
class DemoLedger:
    """The demo ledger of one seed.

    Attributes:
        seed: the seed everything derives from.
        as_of: the demo's "today" (2025-06-30).
        entries: the log entries in order (JCS bytes of secured credentials).
        record_ids: the record id of each entry (``P-NOPAL``, ``C-U-001``...).
        tampered: the indexes of entries altered after signing (C-U-015's).
        keys: the DEMO keys.
    """

    seed: int
    as_of: date
    entries: tuple[bytes, ...]
    record_ids: tuple[str, ...]
    tampered: tuple[int, ...]
    keys: DemoKeys

    @property
    def cbp_issuer(self) -> str:
        """CBP's did:key, to pin as the trusted issuer."""
        return self.keys.cbp.did

    def index_of(self, record_id: str) -> int:
        return self.record_ids.index(record_id)


def plan(seed: int = DEFAULT_SEED) -> DemoPlan:
    """The plans of every record, before signing."""
    certs = [*anchors.FIXED_CERTS, *fillers.filler_certs(seed)]
    result = DemoPlan(certs=certs)
    result.lines = [*anchors.ANCHOR_LINES, *fillers.filler_lines(seed, certs)]
    result.verifications = catalogue.verifications(certs)
    result.recordations = list(catalogue.RECORDATIONS)
    result.licences = list(catalogue.LICENCES)
    result.profiles = list(catalogue.PROFILES)
    result.sightings = list(catalogue.SIGHTINGS)
    return result


def _drafts(demo: DemoPlan, keys: DemoKeys) -> Iterator[Draft]:
    for cert in demo.certs:
        yield documents.certification(cert)
        status = documents.certification_status(cert)
        if status is not None:
            yield status
    transactions: dict[str, int] = {}
    for line in sorted(demo.lines, key=lambda item: item.line_id):
        filer = BY_ID[line.importer].filer_code or "Z9Z"
        transactions[filer] = transactions.get(filer, 1000) + 1
        number = identifiers.EntryNumber.build(filer, f"{transactions[filer]:07d}").text
        yield documents.entry_line(line, number)
    yield from (documents.verification(v) for v in demo.verifications)
    yield from (documents.recordation(r) for r in demo.recordations)
    for licence in demo.licences:
        yield from documents.licence(licence)
    yield from (documents.profile(p) for p in demo.profiles)
    yield from (documents.sighting(s) for s in demo.sightings)
    for record_id, document in traceability_docs.all_documents(lambda party: keys.party(party).did).items():
        signer, issued = traceability_docs.SIGNED[record_id]
        kinds = document["type"]
        assert isinstance(kinds, list)
        record_type = traceability.TYPES[str(kinds[1])]
        yield Draft(record_type, record_id, signer, issued, {}, document=document)


def _secure(draft: Draft, keys: DemoKeys, seed: int) -> JsonObject:
    key = keys.party(draft.signer)
    created = datetime.combine(draft.issued, time(12, 0), tzinfo=UTC)
    if draft.document is not None:
        return sign_credential(draft.document, key, ProofOptions(created=created))
    document: JsonObject = {
        "@context": list(CONTEXTS),
        "id": f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, f'{seed}/{draft.record_type.value}/{draft.record_id}')}",
        "type": ["VerifiableCredential", draft.record_type.value],
        "issuer": key.did,
        "validFrom": f"{draft.issued.isoformat()}T00:00:00Z",
        "credentialSubject": draft.subject,
    }
    signed = sign_credential(document, key, ProofOptions(created=created))
    return documents.tamper(signed) if draft.tamper else signed


def generate(seed: int = DEFAULT_SEED) -> DemoLedger:
    """Build and sign the demo ledger of docs/domain.md §6 (deterministic: same seed, same bytes)."""
    keys = DemoKeys(seed)
    demo = plan(seed)
    registrations = [documents.registration(p, keys.party(p.party_id).did) for p in ALL_PARTIES]
    others = sorted(_drafts(demo, keys), key=lambda d: (d.issued, _TYPE_ORDER[d.record_type], d.record_id))
    entries: list[bytes] = []
    ids: list[str] = []
    tampered: list[int] = []
    for draft in (*registrations, *others):
        if draft.tamper:
            tampered.append(len(entries))
        entries.append(rfc8785.dumps(_secure(draft, keys, seed)))
        ids.append(draft.record_id)
    return DemoLedger(seed, anchors.AS_OF, tuple(entries), tuple(ids), tuple(tampered), keys)
