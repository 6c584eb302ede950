"""From a lookup's outcome to a draft ``ReportContent`` (not yet approved: no supervisor, no signature)."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from trade import verdicts
from workstation.lookups.outcome import LookupOutcome
from workstation.reports import sections
from workstation.reports.content import Check, Note, Person, ReportContent
from workstation.reports.evidence import LedgerEvidence


def new_report_id(now: datetime) -> str:
    """``R-YYYYMMDD-XXXXXXXX``: the day and 32 random bits."""
    return f"R-{now:%Y%m%d}-{secrets.token_hex(4).upper()}"


def iso(at: datetime) -> str:
    return at.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def build(
    outcome: LookupOutcome,
    evidence: LedgerEvidence,
    *,
    officer: Person,
    now: datetime,
    report_id: str | None = None,
    remarks: str = "",
    supersedes: str | None = None,
) -> ReportContent:
    """The draft content of a report on ``outcome``.

    Args:
        evidence: the mirror's evidence (``LedgerEvidence.from_session(session)``).
        officer: who drafts it (``evidence.person(profile name, officer did)``).
        now: the draft time (UTC).

    Raises:
        ReportBuildError: a cited record is not under the trusted checkpoint.
    """
    v = outcome.verdict
    return ReportContent(
        report_id=report_id or new_report_id(now),
        kind=outcome.kind.value,
        created_at=iso(now),
        officer=officer,
        input=outcome.query.to_json(),
        as_of=outcome.as_of.isoformat(),
        verdict=v.status.value,
        summary=v.summary,
        reasons=tuple(r.value for r in v.reasons),
        checks=checks_of(v),
        notes=notes_of(v),
        tables=sections.tables(outcome, evidence.index),
        evidence=evidence.bundle(v.evidence),
        supplier=sections.supplier_facts(outcome),
        remarks=remarks,
        supersedes=supersedes,
    )


def checks_of(v: verdicts.Verdict) -> tuple[Check, ...]:
    """Every finding of a verdict as a report's check (records named by id, else by log index)."""
    return tuple(
        Check(
            f.effective_status.value,
            f.reason.value,
            f.fact,
            tuple(e.record_id or f"#{e.log_index}" for e in f.evidence),
        )
        for f in v.findings
    )


def notes_of(v: verdicts.Verdict) -> tuple[Note, ...]:
    return tuple(Note(n.kind.value, n.text) for n in v.notes)
