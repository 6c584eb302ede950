"""How has this supplier behaved? The 24-month history and rating of docs/domain.md §4 (project policy).

The rating is the highest level any trigger reaches; every trigger that fired is
listed with its numbers:

- HIGH: ``WITHHOLDING`` active, ``NEGATIVE_VERIFICATIONS`` >= 2, or ``REVOCATION_RATE`` >= 20 % with >= 5 issued
- ELEVATED: 1 negative verification, rate >= 10 % with >= 5 issued, ``REVOCATIONS_AFTER_CLAIM`` >= 1,
  or ``CERTIFIER_ANOMALIES`` >= 2
- NEW (``NEW_SUPPLIER``): < 3 issued in the window, or first certification < 180 days before as-of
- LOW otherwise.

The window is the 24 months up to and including ``as_of`` (2023-07-01 to 2025-06-30 for
an as-of of 2025-06-30). A supplier's certifications are those naming it as exporter,
producer or certifier; "issued" counts those signed in the window, and the revocation
rate is revoked ÷ issued among them. No reply and a refused visit count as negative;
a pattern-of-conduct finding shows as withholding, not as a negative verification.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

from trade import origin, periods
from trade.periods import Period
from trade.record_source import RecordSource
from trade.record_types import (
    CBP_PARTY,
    IMPORTER_TOKENS,
    CertificationOfOrigin,
    CertificationStatus,
    EntrySummaryLine,
    OriginVerification,
    StatusKind,
)
from trade.verdicts import Evidence


class Rating(enum.StrEnum):
    LOW = "LOW"
    NEW = "NEW"
    ELEVATED = "ELEVATED"
    HIGH = "HIGH"

    @property
    def rank(self) -> int:
        return list(Rating).index(self)


class Trigger(enum.StrEnum):
    WITHHOLDING = "WITHHOLDING"
    NEGATIVE_VERIFICATIONS = "NEGATIVE_VERIFICATIONS"
    REVOCATION_RATE = "REVOCATION_RATE"
    REVOCATIONS_AFTER_CLAIM = "REVOCATIONS_AFTER_CLAIM"
    CERTIFIER_ANOMALIES = "CERTIFIER_ANOMALIES"
    NEW_SUPPLIER = "NEW_SUPPLIER"


@dataclass(frozen=True, slots=True)
class FiredTrigger:
    """A trigger that fired: its level, a plain sentence, and the numbers behind it."""

    trigger: Trigger
    level: Rating
    fact: str
    numbers: tuple[tuple[str, float | int | str], ...]


@dataclass(frozen=True, slots=True)
class MonthCount:
    month: str  # YYYY-MM
    issued: int
    revoked: int


@dataclass(frozen=True, slots=True)
class SupplierHistory:
    """A supplier's record over the window, its rating and every trigger that fired."""

    party_id: str
    as_of: date
    window: Period
    issued: int
    revoked: int
    revocation_rate: float | None
    revocations_after_claim: int
    verification_outcomes: tuple[tuple[str, int], ...]
    negative_verifications: int
    withholdings: tuple[str, ...]
    certifier_anomalies: int
    backdated_blankets: int
    amendments: int
    importers_served: int
    first_seen: date | None
    rating: Rating
    triggers: tuple[FiredTrigger, ...]
    months: tuple[MonthCount, ...]
    evidence: tuple[Evidence, ...]


def window_for(as_of: date, months: int = 24) -> Period:
    """The ``months`` up to and including ``as_of``."""
    return Period(periods.add_months(as_of, -months) + timedelta(days=1), as_of)


def supplier_history(party_id: str, index: RecordSource, *, as_of: date, months: int = 24) -> SupplierHistory:
    """The history and rating of one exporter or producer."""
    window = window_for(as_of, months)
    mine = list(index.certifications_of_party(party_id))  # exporter, producer or certifier
    issued = [c for c in mine if c.signed_on is not None and c.signed_on in window]
    revocations = {c.certification_id: r for c in issued if (r := _revocation(c, index, as_of)) is not None}
    claims = _first_claims(index, {c.certification_id for c in issued})
    after_claim = sorted(cid for cid, status in revocations.items() if _claimed_before(cid, status, claims))
    verifications = list(index.verifications_of_party(party_id))
    decided = [v for v in verifications if v.decided is not None and v.decided in window]
    negative = [v for v in decided if v.outcome.negative]
    withholdings = [v for v in verifications if _withholding_active(v, as_of)]
    anomalies = [c for c in issued if _certifier(c) == party_id and origin.certifier_findings(c)]
    amendments = sum(1 for c in issued for s in _statuses(c, index, as_of) if s.kind is StatusKind.AMENDED)
    importers = {c.importer for c in issued if c.importer and c.importer not in IMPORTER_TOKENS}
    importers |= {importer for _, claimed_by in claims.values() for importer in claimed_by}
    first_seen = min((c.signed_on for c in mine if c.signed_on is not None), default=None)
    rate = len(revocations) / len(issued) if issued else None
    triggers = _triggers(
        issued=len(issued),
        revoked=len(revocations),
        rate=rate,
        after_claim=after_claim,
        negative=negative,
        withholdings=withholdings,
        anomalies=len(anomalies),
        first_seen=first_seen,
        as_of=as_of,
    )
    rating = max((t.level for t in triggers), key=lambda r: r.rank, default=Rating.LOW)
    outcomes: dict[str, int] = {}
    for v in decided:
        outcomes[v.outcome.value] = outcomes.get(v.outcome.value, 0) + 1
    pending = sum(1 for v in verifications if v.decided is None)
    if pending:
        outcomes["pending"] = outcomes.get("pending", 0) + pending
    evidence = [c.provenance.evidence for c in issued] + [v.provenance.evidence for v in verifications]
    # The revocations the rate counts, and the claims filed before them, are records the rating rests on too.
    evidence += [r.provenance.evidence for r in revocations.values()]
    evidence += [e.provenance.evidence for e in _claims_before_revocation(index, revocations)]
    return SupplierHistory(
        party_id=party_id,
        as_of=as_of,
        window=window,
        issued=len(issued),
        revoked=len(revocations),
        revocation_rate=rate,
        revocations_after_claim=len(after_claim),
        verification_outcomes=tuple(sorted(outcomes.items())),
        negative_verifications=len(negative),
        withholdings=tuple(_describe_withholding(v) for v in withholdings),
        certifier_anomalies=len(anomalies),
        backdated_blankets=sum(1 for c in issued if c.blanket and c.signed_on and c.blanket.start < c.signed_on),
        amendments=amendments,
        importers_served=len(importers),
        first_seen=first_seen,
        rating=rating,
        triggers=tuple(triggers),
        months=_months(window, issued, revocations),
        evidence=tuple(evidence),
    )


def _certifier(cert: CertificationOfOrigin) -> str:
    return cert.certifier.party_id or cert.provenance.signer_party


def _statuses(cert: CertificationOfOrigin, index: RecordSource, as_of: date) -> list[CertificationStatus]:
    allowed = {cert.provenance.signer_party, CBP_PARTY}
    return [
        s
        for s in index.statuses_of(cert.certification_id)
        if s.provenance.signer_party in allowed and s.effective <= as_of
    ]


def _revocation(cert: CertificationOfOrigin, index: RecordSource, as_of: date) -> CertificationStatus | None:
    return next((s for s in _statuses(cert, index, as_of) if s.kind is StatusKind.REVOKED), None)


def _first_claims(index: RecordSource, certification_ids: set[str]) -> dict[str, tuple[date, set[str]]]:
    """For each certification, its earliest claim date and the importers that claimed it."""
    claims: dict[str, tuple[date, set[str]]] = {}
    for entry in (e for cid in certification_ids for e in index.lines_citing(cid)):
        cid = entry.line.certification_id
        assert cid is not None
        first, importers = claims.get(cid, (entry.line.claim_date, set()))
        importers.add(entry.line.importer)
        claims[cid] = (min(first, entry.line.claim_date), importers)
    return claims


def _claims_before_revocation(
    index: RecordSource, revocations: dict[str, CertificationStatus]
) -> list[EntrySummaryLine]:
    """The filed entry lines that claimed a certification before its revocation took effect, in log order."""
    found = [
        entry
        for cid, revocation in revocations.items()
        for entry in index.lines_citing(cid)
        if entry.line.claim_date < revocation.effective
    ]
    return sorted(found, key=lambda entry: (entry.provenance.log_index, entry.provenance.item or 0))


def _claimed_before(
    certification_id: str, revocation: CertificationStatus, claims: dict[str, tuple[date, set[str]]]
) -> bool:
    claim = claims.get(certification_id)
    return claim is not None and claim[0] < revocation.effective


def _withholding_active(verification: OriginVerification, as_of: date) -> bool:
    held = verification.withholding
    return held is not None and held.start <= as_of and (held.end is None or as_of <= held.end)


def _describe_withholding(verification: OriginVerification) -> str:
    held = verification.withholding
    assert held is not None
    return f"{', '.join(held.goods)} from {held.start} ({verification.verification_id})"


def _triggers(
    *,
    issued: int,
    revoked: int,
    rate: float | None,
    after_claim: list[str],
    negative: list[OriginVerification],
    withholdings: list[OriginVerification],
    anomalies: int,
    first_seen: date | None,
    as_of: date,
) -> list[FiredTrigger]:
    fired: list[FiredTrigger] = []
    if withholdings:
        fact = "preference withheld: " + "; ".join(_describe_withholding(v) for v in withholdings)
        fired.append(FiredTrigger(Trigger.WITHHOLDING, Rating.HIGH, fact, (("active", len(withholdings)),)))
    if negative:
        level = Rating.HIGH if len(negative) >= 2 else Rating.ELEVATED
        ids = ", ".join(f"{v.verification_id} ({v.outcome.value}, {v.decided})" for v in negative)
        fact = f"{len(negative)} negative verification(s) in the window: {ids}"
        fired.append(FiredTrigger(Trigger.NEGATIVE_VERIFICATIONS, level, fact, (("negative", len(negative)),)))
    if rate is not None and issued >= 5 and rate >= 0.10:
        level = Rating.HIGH if rate >= 0.20 else Rating.ELEVATED
        fact = f"{revoked} of {issued} certifications issued in the window revoked ({rate:.1%})"
        numbers = (("revoked", revoked), ("issued", issued), ("rate", round(rate, 4)))
        fired.append(FiredTrigger(Trigger.REVOCATION_RATE, level, fact, numbers))
    if after_claim:
        fact = f"{len(after_claim)} revoked after an entry had claimed it: {', '.join(after_claim)}"
        numbers_after: tuple[tuple[str, float | int | str], ...] = (("revocations_after_claim", len(after_claim)),)
        fired.append(FiredTrigger(Trigger.REVOCATIONS_AFTER_CLAIM, Rating.ELEVATED, fact, numbers_after))
    if anomalies >= 2:
        fact = f"{anomalies} certifications with certifier anomalies in the window"
        fired.append(FiredTrigger(Trigger.CERTIFIER_ANOMALIES, Rating.ELEVATED, fact, (("anomalies", anomalies),)))
    young = first_seen is not None and (as_of - first_seen).days < 180
    if issued < 3 or young:
        age = (as_of - first_seen).days if first_seen else None
        fact = f"{issued} issued in the window; first certification {first_seen or 'never'}"
        numbers_new: tuple[tuple[str, float | int | str], ...] = (("issued", issued), ("days_since_first", age or 0))
        fired.append(FiredTrigger(Trigger.NEW_SUPPLIER, Rating.NEW, fact, numbers_new))
    return fired


def _months(
    window: Period, issued: list[CertificationOfOrigin], revocations: dict[str, CertificationStatus]
) -> tuple[MonthCount, ...]:
    counts: dict[tuple[int, int], list[int]] = {}
    day = window.start.replace(day=1)
    end = window.end or window.start
    while day <= end:
        counts[(day.year, day.month)] = [0, 0]
        day = periods.add_months(day, 1)
    for cert in issued:
        if cert.signed_on is not None and (key := (cert.signed_on.year, cert.signed_on.month)) in counts:
            counts[key][0] += 1
    for status in revocations.values():
        if (key := (status.effective.year, status.effective.month)) in counts:
            counts[key][1] += 1
    return tuple(MonthCount(f"{y:04d}-{m:02d}", i, r) for (y, m), (i, r) in counts.items())
