"""Gathering a report's evidence from the verified mirror: credentials, proofs, checkpoint, registrations.

Works offline: proofs are computed from the mirror against its trusted checkpoint
(``ledger_client.EvidenceBuilder``), and every proof that leaves here verifies.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

import ledger_client
from trade import verdicts
from trade.record_source import RecordSource
from trade.record_types import CBP_PARTY, PartyRole
from workstation.reports.content import EvidenceBundle, Person, RecordProof
from workstation.reports.errors import NotASupervisorError, ReportBuildError
from workstation.store.officer_key import OfficerKeyStore

if TYPE_CHECKING:
    from workstation.session import Session


class LedgerEvidence:
    """Evidence from one verified mirror at its trusted checkpoint.

    Args:
        mirror: the verified mirror.
        trusted: its trusted checkpoint (``Session.trusted_checkpoint()``).
        index: the trade records of the mirror (``Session.trade_view().source()``).
    """

    def __init__(
        self, mirror: ledger_client.Mirror, trusted: ledger_client.VerifiedCheckpoint, index: RecordSource
    ) -> None:
        self._mirror = mirror
        self._trusted = trusted
        self._index = index
        self._builder = ledger_client.EvidenceBuilder(mirror, trusted)

    @classmethod
    def from_session(cls, session: Session) -> LedgerEvidence:
        """Raises ReportBuildError when the mirror has no verified checkpoint yet."""
        trusted = session.trusted_checkpoint()
        if trusted is None:
            raise ReportBuildError("the mirror has no verified checkpoint", problem="no_checkpoint")
        return cls(session.mirror, trusted, session.trade_view().source())

    @property
    def index(self) -> RecordSource:
        return self._index

    @property
    def checkpoint(self) -> ledger_client.VerifiedCheckpoint:
        """The trusted checkpoint every proof is made against."""
        return self._trusted

    def record(self, log_index: int, evidence: verdicts.Evidence | None = None) -> RecordProof:
        """The record at ``log_index`` with its credential and proof."""
        stored = self._mirror.entry(log_index)
        if stored is None or log_index >= self._trusted.size:
            raise ReportBuildError("a cited record is not under the trusted checkpoint", log_index=log_index)
        proof = self._builder.proof_file(log_index)
        return RecordProof(
            record_type=(evidence.record_type if evidence else None) or stored.record_type or "unknown",
            record_id=evidence.record_id if evidence else None,
            credential_id=stored.credential_id or (evidence.credential_id if evidence else None),
            issuer=stored.issuer,
            issuer_party=stored.party or (CBP_PARTY if stored.believed and stored.issuer else None),
            log_index=log_index,
            leaf_hash=stored.leaf_hash.hex(),
            believed=stored.believed,
            credential=stored.entry.decode("utf-8", "replace"),
            proof=proof.decode("utf-8"),
            vocabulary=evidence.vocabulary if evidence else "trade",
        )

    def bundle(self, evidence: Iterable[verdicts.Evidence]) -> EvidenceBundle:
        """The evidence bundle for the records a verdict used (each once, in citing order)."""
        seen: dict[int, RecordProof] = {}
        self.collect(evidence, seen)
        return self.bundle_of(tuple(seen.values()))

    def collect(self, evidence: Iterable[verdicts.Evidence], seen: dict[int, RecordProof]) -> None:
        """Add to ``seen`` (by log index) each record ``evidence`` cites that it lacks, with its proof."""
        for item in evidence:
            if item.log_index not in seen:
                seen[item.log_index] = self.record(item.log_index, item)

    def bundle_of(self, records: tuple[RecordProof, ...]) -> EvidenceBundle:
        """An evidence bundle of ``records`` (proven here) under the trusted checkpoint."""
        return EvidenceBundle(
            origin=self._trusted.origin,
            checkpoint_size=self._trusted.size,
            checkpoint_note=self._trusted.signed_note.decode("utf-8"),
            witnesses=tuple(w.key.name for w in self._trusted.witnesses),
            records=records,
        )

    def refresh(self, bundle: EvidenceBundle) -> EvidenceBundle:
        """The same records proven against the current trusted checkpoint (the mirror may have grown since)."""
        if bundle.checkpoint_note == self._trusted.signed_note.decode("utf-8"):
            return bundle
        records = tuple(
            replace(self.record(r.log_index), record_type=r.record_type, record_id=r.record_id, vocabulary=r.vocabulary)
            for r in bundle.records
        )
        return self.bundle_of(records)

    def officer(self, session: Session) -> Person:
        """The officer at the workstation: the profile's name, and the party its stored officer key names."""
        stored = OfficerKeyStore(session.connection, session.profile.cache_path).load()
        return self.person(session.profile.name, stored[0].did if stored else None)

    def person(self, name: str, did: str | None) -> Person:
        """A person named ``name``, with the party and keys the ledger registers for ``did`` (if any)."""
        if did is None:
            return Person(name, None, ())
        found = self._index.parties_with_key(did)
        if found:
            return Person(name, found[0].party_id, found[0].keys)
        return Person(name, None, (did,))

    def supervisor(self, did: str) -> tuple[Person, RecordProof]:
        """The supervisor registered by CBP for ``did`` and their registration with its proof.

        Raises:
            NotASupervisorError: no CBP registration binds ``did`` to a party with the supervisor role.
        """
        for party in self._index.parties_with_key(did):
            if PartyRole.SUPERVISOR in party.roles and party.provenance.signer_party == CBP_PARTY:
                person = Person(party.legal_name, party.party_id, party.keys)
                return person, self.record(party.provenance.log_index, party.provenance.evidence)
        raise NotASupervisorError("the key is not registered to a supervisor", did=did)
