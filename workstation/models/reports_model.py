"""A table of drafted, returned and approved reports for the Reports tab (most recently changed first)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from workstation.models.row_table import ROW_ROLE, RowTableModel
from workstation.reports.batch_builder import counts_text
from workstation.reports.content import BatchContent
from workstation.reports.workflow import ReportState, StoredReport

REPORT_ROLE = ROW_ROLE
_STATE_WORDS = {
    ReportState.DRAFT: "Draft: awaiting review",
    ReportState.RETURNED: "Returned to the officer",
    ReportState.APPROVED: "✓ Approved",
}


def state_words(report: StoredReport) -> str:
    """The report's state in words (never a colour alone)."""
    if report.state is ReportState.APPROVED and report.superseded_by:
        return "Approved, superseded"
    return _STATE_WORDS[report.state]


def note(report: StoredReport) -> str:
    """What the officer should know about a row: the supervisor's comment, or what replaces what."""
    if report.state is ReportState.RETURNED and report.comment:
        return f"Comment: {report.comment}"
    if report.superseded_by:
        return f"Superseded by {report.superseded_by}"
    if report.content.supersedes:
        return f"Replaces {report.content.supersedes}"
    return ""


class ReportsTableModel(RowTableModel[StoredReport]):
    """One row per stored report; :data:`REPORT_ROLE` gives the :class:`StoredReport` itself.

    Remarks and comments are people's text: the view shows them as plain text only.
    """

    HEADERS = ("Report", "State", "Check", "Verdict", "Officer", "Changed", "Note")

    def set_reports(self, reports: Sequence[StoredReport]) -> None:
        self.set_rows(reports)

    def report(self, row: int) -> StoredReport:
        return self.row_at(row)

    def row_of(self, report_id: str) -> int | None:
        return next((row for row, r in enumerate(self.rows()) if r.report_id == report_id), None)

    def texts(self, row: StoredReport) -> tuple[str, ...]:
        c = row.content
        changed = datetime.datetime.fromtimestamp(row.updated_at).strftime("%Y-%m-%d %H:%M")
        return (row.report_id, state_words(row), c.kind, c.verdict, c.officer.name, changed, note(row))


def report_text(report: StoredReport) -> str:
    """The report as plain text for review (remarks, comments and facts are shown as typed, never as markup)."""
    c = report.content
    lines = [
        f"Report id: {c.report_id}",
        f"State: {state_words(report)}",
        f"Check: {c.kind}, judged as of {c.as_of}",
        f"Verdict: {c.verdict}",
        f"Reason codes: {', '.join(c.reasons) or 'none'}",
    ]
    if c.supplier is not None:
        lines.append(f"Supplier rating: {c.supplier.rating}")
    lines += [f"Summary: {c.summary}", f"Officer: {c.officer.name}", f"Drafted: {c.created_at}"]
    if c.supervisor is not None:
        lines.append(f"Approved by: {c.supervisor.name} at {c.approved_at}")
    if c.supersedes:
        lines.append(f"Replaces: {c.supersedes}")
    if report.superseded_by:
        lines.append(f"Superseded by: {report.superseded_by}")
    if report.comment:
        lines += ["", "Supervisor's comment:", report.comment]
    lines += ["", "Officer's remarks:", c.remarks or "(none)", ""]
    if c.batch is None:
        lines += ["Checks:"]
        lines += [f"  {check.status}  {check.reason}: {check.fact}" for check in c.checks] or ["  (none)"]
    else:
        lines += _batch_lines(c.batch)
    if c.notes:
        lines += ["", "Notes:"] + [f"  {n.code}: {n.text}" for n in c.notes]
    lines += [
        "",
        f"Evidence: {len(c.evidence.records)} record(s) under checkpoint {c.evidence.checkpoint_size} "
        f"of {c.evidence.origin}",
    ]
    return "\n".join(lines)


def _batch_lines(b: BatchContent) -> list[str]:
    """A batch report's summary and its sections, one line each (the PDF has the whole of each section)."""
    lines = [
        f"Batch: {b.file_name}, {len(b.lines):,} lines checked against the checkpoint of {b.checkpoint_size:,} records",
        f"Lines per verdict: {counts_text(b.counts)}",
        f"Sections (one per line not PASS): {len(b.sections):,}",
    ]
    lines += [
        f"  Row {s.row}: {s.verdict}  {', '.join(s.reasons) or 'no reason code'}  (audit line {s.audit_id})"
        for s in b.sections
    ]
    return lines
