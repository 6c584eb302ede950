"""What a lookup answers: the verdict in the shape scripts and screens share (``docs/cli.md``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from trade import suppliers, verdicts
from workstation.lookups.kind import LookupKind
from workstation.lookups.queries import LookupQuery

__all__ = ["CheckpointFacts", "LookupKind", "LookupOutcome"]


@dataclass(frozen=True, slots=True)
class CheckpointFacts:
    """The verified checkpoint a lookup ran on, and how old its newest sync is."""

    size: int
    age_seconds: int | None


@dataclass(frozen=True, slots=True)
class LookupOutcome:
    """One lookup's full answer.

    Attributes:
        query: the typed query as answered (its ``kind`` is the outcome's kind).
        verdict: the trade verdict (for suppliers, the verdict of the history: PASS unless a record failed).
        supplier: the supplier history, for supplier lookups.
        checkpoint: the checkpoint the mirror was verified at.
        audit_id: the audit-log line written for this lookup.
    """

    query: LookupQuery
    as_of: date
    verdict: verdicts.Verdict
    checkpoint: CheckpointFacts
    audit_id: int
    supplier: suppliers.SupplierHistory | None = None

    @property
    def kind(self) -> LookupKind:
        return self.query.kind

    def to_json(self) -> dict[str, object]:
        v = self.verdict
        out: dict[str, object] = {
            "kind": self.kind.value,
            "as_of": self.as_of.isoformat(),
            "verdict": v.status.value,
            "reasons": sorted(r.value for r in v.reasons),
            "notes": [{"code": n.kind.value, "text": n.text} for n in v.notes],
            "facts": [f"{f.reason.value}: {f.fact}" for f in v.findings] or [v.summary],
            "summary": v.summary,
            "records": [
                {
                    "type": e.record_type,
                    "vocabulary": e.vocabulary,
                    "id": e.record_id,
                    "credential_id": e.credential_id,
                    "log_index": e.log_index,
                    "leaf_hash": e.leaf_hash.hex(),
                }
                for e in v.evidence
            ],
            "checkpoint": {"size": self.checkpoint.size, "age_seconds": self.checkpoint.age_seconds},
            "audit_id": self.audit_id,
        }
        if self.supplier is not None:
            h = self.supplier
            out["rating"] = h.rating.value
            out["triggers"] = [
                {"trigger": t.trigger.value, "level": t.level.value, "fact": t.fact, "numbers": dict(t.numbers)}
                for t in h.triggers
            ]
            out["metrics"] = {
                "window": [h.window.start.isoformat(), h.window.end.isoformat() if h.window.end else None],
                "issued": h.issued,
                "revoked": h.revoked,
                "revocation_rate": h.revocation_rate,
                "revocations_after_claim": h.revocations_after_claim,
                "verification_outcomes": dict(h.verification_outcomes),
                "negative_verifications": h.negative_verifications,
                "withholdings": list(h.withholdings),
                "certifier_anomalies": h.certifier_anomalies,
                "importers_served": h.importers_served,
                "first_seen": h.first_seen.isoformat() if h.first_seen else None,
                "months": [{"month": m.month, "issued": m.issued, "revoked": m.revoked} for m in h.months],
            }
        return out
