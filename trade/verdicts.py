"""Verdicts: a status, every reason code that fired with the facts behind it, notes, and the records used.

Precedence (docs/domain.md §0): UNVERIFIABLE > FAIL > REVIEW > NOT_FOUND > PASS. NOT_FOUND
ranks just above PASS: it only wins when nothing else fired. A verdict built from
a record that failed verification carries only integrity codes
(``Verdict.unverifiable``). The wording is the domain's: the tool reports, officers decide.

>>> verdict = Verdict.judge([Finding(Reason.BLANKET_NOT_COVERING, "import 2025-03-01 is after 2024-12-31")], ())
>>> verdict.status, verdict.reasons
(<Status.FAIL: 'FAIL'>, (<Reason.BLANKET_NOT_COVERING: 'BLANKET_NOT_COVERING'>,))
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass


class Status(enum.StrEnum):
    PASS = "PASS"  # noqa: S105 - a verdict, not a password
    FAIL = "FAIL"
    REVIEW = "REVIEW"
    NOT_FOUND = "NOT_FOUND"
    UNVERIFIABLE = "UNVERIFIABLE"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Status.PASS: 0, Status.NOT_FOUND: 1, Status.REVIEW: 2, Status.FAIL: 3, Status.UNVERIFIABLE: 4}


class Reason(enum.StrEnum):
    """Every reason code of docs/domain.md (plus the integrity codes of docs/architecture.md §3), one spelling each."""

    # integrity (docs/domain.md §0, docs/architecture.md §3)
    BAD_SIGNATURE = "BAD_SIGNATURE"
    BAD_PROOF = "BAD_PROOF"
    CHECKPOINT_INCONSISTENT = "CHECKPOINT_INCONSISTENT"
    UNREGISTERED_SIGNER = "UNREGISTERED_SIGNER"
    MALFORMED_RECORD = "MALFORMED_RECORD"
    # certifications of origin (docs/domain.md §1)
    AGREEMENT_MISMATCH = "AGREEMENT_MISMATCH"
    AGREEMENT_NOT_IN_FORCE = "AGREEMENT_NOT_IN_FORCE"
    MISSING_ELEMENT = "MISSING_ELEMENT"
    CERTIFIER_NOT_PERMITTED = "CERTIFIER_NOT_PERMITTED"
    CERTIFIER_MISMATCH = "CERTIFIER_MISMATCH"
    PARTY_MISMATCH = "PARTY_MISMATCH"
    HS_MISMATCH = "HS_MISMATCH"
    HS_EDITION_CHANGE = "HS_EDITION_CHANGE"
    CRITERION_INVALID = "CRITERION_INVALID"
    BLANKET_TOO_LONG = "BLANKET_TOO_LONG"
    BLANKET_NOT_COVERING = "BLANKET_NOT_COVERING"
    SIGNED_AFTER_CLAIM = "SIGNED_AFTER_CLAIM"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"
    REVOKED_AFTER_CLAIM = "REVOKED_AFTER_CLAIM"
    PREFERENCE_WITHHELD = "PREFERENCE_WITHHELD"
    VERIFICATION_NEGATIVE = "VERIFICATION_NEGATIVE"
    IMPORTER_KNOWLEDGE_CLAIM = "IMPORTER_KNOWLEDGE_CLAIM"
    NO_CERTIFICATION = "NO_CERTIFICATION"
    # trademark licences (docs/domain.md §2)
    NO_LICENCE = "NO_LICENCE"
    LICENCE_NOT_YET_VALID = "LICENCE_NOT_YET_VALID"
    LICENCE_EXPIRED = "LICENCE_EXPIRED"
    LICENCE_TERMINATED = "LICENCE_TERMINATED"
    LICENCE_SUSPENDED = "LICENCE_SUSPENDED"
    PARENT_TERMINATED = "PARENT_TERMINATED"
    SUBLICENSING_NOT_ALLOWED = "SUBLICENSING_NOT_ALLOWED"
    CHAIN_BROKEN = "CHAIN_BROKEN"
    SCOPE_MARK = "SCOPE_MARK"
    SCOPE_GOODS = "SCOPE_GOODS"
    SCOPE_TERRITORY = "SCOPE_TERRITORY"
    FACILITY_NOT_AUTHORIZED = "FACILITY_NOT_AUTHORIZED"
    QUANTITY_EXCEEDED = "QUANTITY_EXCEEDED"
    RECORDATION_EXPIRED = "RECORDATION_EXPIRED"
    NOT_RECORDED = "NOT_RECORDED"
    # product authentication (docs/domain.md §3)
    PROFILE_NOT_FOUND = "PROFILE_NOT_FOUND"
    COLORWAY_NOT_PRODUCED = "COLORWAY_NOT_PRODUCED"
    FEATURE_MISMATCH = "FEATURE_MISMATCH"
    SERIAL_FORMAT = "SERIAL_FORMAT"
    FACTORY_NOT_AUTHORIZED = "FACTORY_NOT_AUTHORIZED"
    FEATURE_NOT_OBSERVED = "FEATURE_NOT_OBSERVED"
    SERIAL_DUPLICATE = "SERIAL_DUPLICATE"
    # a record in another vocabulary lacks a fact the rule needs (never guessed)
    NOT_IN_VOCABULARY = "NOT_IN_VOCABULARY"

    @property
    def default_status(self) -> Status:
        """The status this code gives unless the rule says otherwise (``NO_LICENCE`` depends on a roster)."""
        return _DEFAULT_STATUS.get(self, Status.FAIL)

    @property
    def is_integrity(self) -> bool:
        return self in INTEGRITY_REASONS


INTEGRITY_REASONS = frozenset(
    {
        Reason.BAD_SIGNATURE,
        Reason.BAD_PROOF,
        Reason.CHECKPOINT_INCONSISTENT,
        Reason.UNREGISTERED_SIGNER,
        Reason.MALFORMED_RECORD,
    }
)

_DEFAULT_STATUS = {reason: Status.UNVERIFIABLE for reason in INTEGRITY_REASONS} | {
    Reason.HS_EDITION_CHANGE: Status.REVIEW,
    Reason.IMPORTER_KNOWLEDGE_CLAIM: Status.REVIEW,
    Reason.NO_CERTIFICATION: Status.NOT_FOUND,
    Reason.QUANTITY_EXCEEDED: Status.REVIEW,
    Reason.RECORDATION_EXPIRED: Status.REVIEW,
    Reason.NOT_RECORDED: Status.REVIEW,
    Reason.PROFILE_NOT_FOUND: Status.NOT_FOUND,
    Reason.FEATURE_NOT_OBSERVED: Status.REVIEW,
    Reason.SERIAL_DUPLICATE: Status.REVIEW,
    Reason.NOT_IN_VOCABULARY: Status.REVIEW,
}


class NoteKind(enum.StrEnum):
    """Things worth saying that are not reasons: they never change the status."""

    SUPERSEDED_BY = "SUPERSEDED_BY"
    AMENDED = "AMENDED"
    VERIFICATION_PENDING = "VERIFICATION_PENDING"
    VERIFICATION_AFFIRMED = "VERIFICATION_AFFIRMED"
    STATUS_IGNORED = "STATUS_IGNORED"
    LOW_VALUE = "LOW_VALUE"
    SURVIVAL = "SURVIVAL"
    INFORMATION = "INFORMATION"


@dataclass(frozen=True, slots=True)
class Evidence:
    """A record a verdict rests on: what it is and where it sits on the log.

    Attributes:
        record_type: the credential type (``CertificationOfOrigin``...).
        record_id: the domain identifier (``C-U-003``, ``L-100``...), or None when unknown.
        credential_id: the credential's ``id``.
        log_index: its position in the log.
        leaf_hash: its RFC 6962 leaf hash.
        vocabulary: the vocabulary the credential was written in (``trade`` for ours,
            ``traceability`` for the W3C CCG Traceability vocabulary).
    """

    record_type: str
    record_id: str | None
    credential_id: str | None
    log_index: int
    leaf_hash: bytes
    vocabulary: str = "trade"

    def describe(self) -> str:
        return f"{self.record_type} {self.record_id or '?'} (log index {self.log_index})"


@dataclass(frozen=True, slots=True)
class Finding:
    """One reason code that fired, the facts behind it in plain words, and the records it rests on.

    ``status`` defaults to the code's own status (``Reason.default_status``).
    """

    reason: Reason
    fact: str
    evidence: tuple[Evidence, ...] = ()
    status: Status | None = None

    @property
    def effective_status(self) -> Status:
        return self.status or self.reason.default_status


@dataclass(frozen=True, slots=True)
class Note:
    kind: NoteKind
    text: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer to one officer question.

    Attributes:
        status: the highest-ranking status among the findings (PASS when none fired).
        findings: every reason code that fired, in the order the checks ran.
        notes: information that does not change the status (``SUPERSEDED_BY``...).
        evidence: every record the answer used.
        summary: one plain sentence.
    """

    status: Status
    findings: tuple[Finding, ...]
    notes: tuple[Note, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    summary: str = ""

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Each code that fired, once, in firing order."""
        return tuple(dict.fromkeys(f.reason for f in self.findings))

    def facts(self, reason: Reason) -> tuple[str, ...]:
        return tuple(f.fact for f in self.findings if f.reason is reason)

    @property
    def note_kinds(self) -> tuple[NoteKind, ...]:
        return tuple(dict.fromkeys(n.kind for n in self.notes))

    @classmethod
    def judge(
        cls,
        findings: Iterable[Finding],
        evidence: Iterable[Evidence],
        *,
        notes: Iterable[Note] = (),
        summary: str = "",
        passing: str = "the records support the claim",
    ) -> Verdict:
        """Combine findings by precedence; with no finding the status is PASS and ``passing`` the summary."""
        found = tuple(findings)
        assert not any(f.reason.is_integrity for f in found), "integrity failures go through unverifiable()"
        status = max((f.effective_status for f in found), key=lambda s: s.rank, default=Status.PASS)
        text = summary or (passing if status is Status.PASS else _SUMMARY[status])
        return cls(status, found, tuple(notes), _dedupe(evidence), text)

    @classmethod
    def unverifiable(cls, failures: Iterable[tuple[Reason, Evidence] | tuple[Reason, Evidence, str | None]]) -> Verdict:
        """A verdict on records that failed verification: their integrity codes only, never a domain code.

        A failure may carry what was wrong (a malformed record's member), added to its fact.
        """
        found = tuple(
            Finding(
                failure[0],
                f"{failure[1].describe()} did not verify ({failure[0].value}"
                + (f": {failure[2]}" if len(failure) > 2 and failure[2] else "")
                + "); it is not believed",
                (failure[1],),
            )
            for failure in failures
        )
        assert found, "an unverifiable verdict names the failed records"
        assert all(f.reason.is_integrity for f in found)
        evidence = _dedupe(ev for f in found for ev in f.evidence)
        return cls(Status.UNVERIFIABLE, found, (), evidence, _SUMMARY[Status.UNVERIFIABLE])


_SUMMARY = {
    Status.FAIL: "the records contradict the claim",
    Status.REVIEW: "nothing contradicts the claim, but an officer must judge",
    Status.NOT_FOUND: "no matching ledger record",
    Status.UNVERIFIABLE: "a record this answer depends on failed verification; no domain verdict is given",
}


def _dedupe(evidence: Iterable[Evidence]) -> tuple[Evidence, ...]:
    seen: dict[tuple[int, bytes], Evidence] = {}
    for item in evidence:
        seen.setdefault((item.log_index, item.leaf_hash), item)
    return tuple(seen.values())
