"""Drafts and issued reports in the encrypted cache: draft → (return ↔ revise) → approve; supersede.

An analyst drafts a report from a check; a supervisor approves it with their key
(signature, PDF, seal) or returns it with a comment; the analyst revises a
returned draft. An approved report is never edited: a new draft that names it in
``supersedes`` replaces it once approved. Every step is a line in the audit log.
Tables are owned by ``workstation.reports`` (``ledger_client.migrations``).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ledger_client import cache
from workstation import batch
from workstation.lookups.outcome import LookupOutcome
from workstation.reports import batch_builder, builder, pdf, signing
from workstation.reports.content import Person, ReportContent
from workstation.reports.errors import ReportNotFoundError, ReportStateError
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.keystore import SupervisorKey
from workstation.reports.signing import ReportSignature
from workstation.store.audit import AuditLog

if TYPE_CHECKING:
    from workstation.session import Session

OWNER = "workstation.reports"
STEPS = [
    # version 1: drafts and issued reports
    """
    CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL CHECK (state IN ('draft', 'returned', 'approved')),
        kind TEXT NOT NULL,
        verdict TEXT NOT NULL,
        officer TEXT NOT NULL,
        audit_id INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        content BLOB NOT NULL,
        signature BLOB,
        pdf BLOB,
        supersedes TEXT,
        superseded_by TEXT,
        comment TEXT NOT NULL DEFAULT ''
    );
    CREATE INDEX reports_state ON reports (state, updated_at)
    """,
]
_COLUMNS = "id, state, audit_id, created_at, updated_at, content, signature, pdf, superseded_by, comment"


class ReportState(enum.StrEnum):
    DRAFT = "draft"
    RETURNED = "returned"
    APPROVED = "approved"


@dataclass(frozen=True, slots=True)
class StoredReport:
    """A report as kept in the cache.

    Attributes:
        content: the draft content, or for an approved report the signed content.
        signature, pdf: set once approved (``pdf`` is the sealed file to export).
        comment: the supervisor's comment when returned.
        superseded_by: the approved report that replaced this one, if any.
    """

    report_id: str
    state: ReportState
    audit_id: int | None
    created_at: int
    updated_at: int
    content: ReportContent
    signature: ReportSignature | None
    pdf: bytes | None
    superseded_by: str | None
    comment: str


class ReportWorkflow:
    """The report steps over one profile's cache.

    Args:
        conn, path: the encrypted cache.
        audit: the audit log each step is recorded in.
        clock: POSIX seconds now.
    """

    def __init__(self, conn: cache.Connection, path: Path, audit: AuditLog, clock: Callable[[], int]) -> None:
        self._conn = conn
        self._path = path
        self._audit = audit
        self._clock = clock
        cache.apply_migrations(conn, path, OWNER, STEPS)

    @classmethod
    def from_session(cls, session: Session) -> ReportWorkflow:
        return cls(session.connection, session.profile.cache_path, session.audit, session.clock)

    def _now(self) -> tuple[int, datetime]:
        now = self._clock()
        return now, datetime.fromtimestamp(now, tz=UTC)

    def _log(self, actor: str, step: str, report: ReportContent, **extra: object) -> None:
        self._audit.record(
            at=self._clock(),
            officer=actor,
            action=f"report {step}",
            input={"report_id": report.report_id, **extra},
            verdict=report.verdict,
            checkpoint_size=report.evidence.checkpoint_size,
        )

    # ------------------------------------------------------------------ steps

    def draft(
        self,
        outcome: LookupOutcome,
        evidence: LedgerEvidence,
        *,
        officer: Person,
        remarks: str = "",
        supersedes: str | None = None,
    ) -> StoredReport:
        """Draft a report on a check (with ``supersedes``: a replacement for an approved report).

        Raises:
            ReportNotFoundError, ReportStateError: ``supersedes`` is not an approved report.
            ReportBuildError: the evidence cannot be gathered.
        """
        if supersedes is not None and self.get(supersedes).state is not ReportState.APPROVED:
            raise ReportStateError("only an approved report can be superseded", report_id=supersedes)
        _now, at = self._now()
        content = builder.build(outcome, evidence, officer=officer, now=at, remarks=remarks, supersedes=supersedes)
        self._insert(content, outcome.audit_id)
        self._log(officer.name, "draft", content, audit_id=outcome.audit_id, supersedes=supersedes)
        return self.get(content.report_id)

    def draft_batch(
        self,
        result: batch.BatchResult,
        file_name: str,
        evidence: LedgerEvidence,
        *,
        officer: Person,
        remarks: str = "",
        progress: Callable[[int, int], None] | None = None,
    ) -> StoredReport:
        """Draft one report on a batch of entry lines (each line's audit id is in its content).

        Raises:
            ReportBuildError: see ``batch_builder.build_batch``.
        """
        _now, at = self._now()
        content = batch_builder.build_batch(
            result, file_name, evidence, officer=officer, now=at, remarks=remarks, progress=progress
        )
        self._insert(content, None)
        assert content.batch is not None
        self._log(officer.name, "draft", content, batch_file=file_name, lines=len(content.batch.lines),
                  sections=len(content.batch.sections))  # fmt: skip
        return self.get(content.report_id)

    def _insert(self, content: ReportContent, audit_id: int | None) -> None:
        now = self._clock()
        with cache.transaction(self._conn, self._path):
            self._conn.execute(
                "INSERT INTO reports (id, state, kind, verdict, officer, audit_id, created_at, updated_at, content, "
                "supersedes) VALUES (?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?)",
                (content.report_id, content.kind, content.verdict, content.officer.name, audit_id, now, now,
                 content.canonical(), content.supersedes),
            )  # fmt: skip

    def revise(self, report_id: str, *, remarks: str, actor: str) -> StoredReport:
        """Change a draft's or returned report's remarks; it goes back to draft. Approved reports refuse."""
        stored = self._editable(report_id)
        content = replace(stored.content, remarks=remarks)
        self._update(report_id, ReportState.DRAFT, content, comment=stored.comment)
        self._log(actor, "revise", content)
        return self.get(report_id)

    def return_to_officer(self, report_id: str, *, supervisor: str, comment: str) -> StoredReport:
        """The supervisor sends a draft back with a comment."""
        stored = self._editable(report_id)
        if stored.state is not ReportState.DRAFT:
            raise ReportStateError("only a draft can be returned", report_id=report_id, state=stored.state.value)
        self._update(report_id, ReportState.RETURNED, stored.content, comment=comment)
        self._log(supervisor, "return", stored.content, comment=comment)
        return self.get(report_id)

    def approve(
        self, report_id: str, key: SupervisorKey, evidence: LedgerEvidence, *, page_size: str = "a4"
    ) -> StoredReport:
        """Sign, render and seal a draft with the supervisor's key; it can no longer be edited.

        Raises:
            ReportStateError: the report is not a draft (returned reports are revised first).
            NotASupervisorError: the key is not registered to a supervisor on the mirrored ledger.
        """
        stored = self.get(report_id)
        if stored.state is not ReportState.DRAFT:
            raise ReportStateError("only a draft can be approved", report_id=report_id, state=stored.state.value)
        supervisor, registration = evidence.supervisor(key.did)
        _now, at = self._now()
        draft = replace(stored.content, evidence=evidence.refresh(stored.content.evidence))
        signed = signing.sign(draft.approved(supervisor, registration, builder.iso(at)), key.key)
        data = pdf.render_report(signed, key.key, page_size)
        with cache.transaction(self._conn, self._path):
            self._conn.execute(
                "UPDATE reports SET state = 'approved', content = ?, signature = ?, pdf = ?, updated_at = ? "
                "WHERE id = ? AND state = 'draft'",
                (signed.canonical, signed.signature.to_bytes(), data, self._clock(), report_id),
            )
            if draft.supersedes:
                self._conn.execute("UPDATE reports SET superseded_by = ? WHERE id = ?", (report_id, draft.supersedes))
        self._log(supervisor.name, "approve", signed.content, signer=key.did, demo_key=key.demo,
                  content_sha256=signed.signature.content_sha256.hex())  # fmt: skip
        return self.get(report_id)

    def record_export(self, report_id: str, *, actor: str, destination: str) -> None:
        """Note in the audit log that an issued report was exported (the GUI calls this after saving)."""
        self._log(actor, "export", self.get(report_id).content, destination=destination)

    # ------------------------------------------------------------------ reading

    def get(self, report_id: str) -> StoredReport:
        row = self._conn.execute(f"SELECT {_COLUMNS} FROM reports WHERE id = ?", (report_id,)).fetchone()  # noqa: S608 - fixed columns
        if row is None:
            raise ReportNotFoundError("no report has this id", report_id=report_id)
        return _stored(row)

    def list(self, state: ReportState | None = None, limit: int = 200) -> list[StoredReport]:
        if state is None:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM reports ORDER BY updated_at DESC, id LIMIT ?", (limit,)  # noqa: S608
            ).fetchall()
        else:
            rows = self._conn.execute(
                f"SELECT {_COLUMNS} FROM reports WHERE state = ? ORDER BY updated_at DESC, id LIMIT ?",  # noqa: S608
                (state.value, limit),
            ).fetchall()
        return [_stored(r) for r in rows]

    # ------------------------------------------------------------------ helpers

    def _editable(self, report_id: str) -> StoredReport:
        stored = self.get(report_id)
        if stored.state is ReportState.APPROVED:
            raise ReportStateError(
                "an approved report cannot be edited; draft a new one that supersedes it", report_id=report_id
            )
        return stored

    def _update(self, report_id: str, state: ReportState, content: ReportContent, *, comment: str) -> None:
        with cache.transaction(self._conn, self._path):
            self._conn.execute(
                "UPDATE reports SET state = ?, content = ?, comment = ?, updated_at = ? "
                "WHERE id = ? AND state != 'approved'",
                (state.value, content.canonical(), comment, self._clock(), report_id),
            )


def _bytes(value: object) -> bytes | None:
    if value is None:
        return None
    assert isinstance(value, bytes | bytearray | memoryview), "the reports table holds blobs"
    return bytes(value)


def _stored(row: cache.Row) -> StoredReport:
    content = _bytes(row[5])
    assert content is not None
    signature = _bytes(row[6])
    return StoredReport(
        report_id=cache.as_str(row[0]),
        state=ReportState(cache.as_str(row[1])),
        audit_id=None if row[2] is None else cache.as_int(row[2]),
        created_at=cache.as_int(row[3]),
        updated_at=cache.as_int(row[4]),
        content=ReportContent.from_canonical(content),
        signature=None if signature is None else ReportSignature.from_bytes(signature),
        pdf=_bytes(row[7]),
        superseded_by=cache.as_optional_str(row[8]),
        comment=cache.as_str(row[9]),
    )
