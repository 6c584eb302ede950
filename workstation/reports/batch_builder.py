"""From a batch of entry-line results to one draft ``ReportContent``: every line listed, a section per line not PASS.

Each section holds what a single origin report says of its line (the verdict, every
check with its reason code and fact, notes, the records it rests on), and the
records of every section are proven once, in the report's evidence. The report's
own verdict is the most severe of its lines' verdicts, ranked as one check ranks
its findings (``trade.verdicts.Status.rank``); its reason codes are every code that
fired on any line.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import datetime

from trade import verdicts
from workstation import batch
from workstation.reports import builder, sections
from workstation.reports.content import BatchContent, BatchLine, LineSection, Person, RecordProof, ReportContent
from workstation.reports.errors import CheckpointMovedError, ReportBuildError
from workstation.reports.evidence import LedgerEvidence

#: What the summary calls a row that could not be checked.
NOT_CHECKED = "not checked (malformed input)"


def _line(r: batch.LineResult) -> BatchLine:
    return BatchLine(r.row, r.entry, r.line, r.verdict, r.reasons, r.audit_id, r.error_field, r.error)


def _section(r: batch.LineResult, evidence: LedgerEvidence) -> LineSection:
    outcome = r.outcome
    assert outcome is not None, "a checked line carries its outcome"
    v = outcome.verdict
    return LineSection(
        row=r.row,
        audit_id=outcome.audit_id,
        input=outcome.query.to_json(),
        verdict=v.status.value,
        summary=v.summary,
        reasons=r.reasons,
        checks=builder.checks_of(v),
        notes=builder.notes_of(v),
        tables=sections.tables(outcome, evidence.index),
        records=tuple(dict.fromkeys(e.log_index for e in v.evidence)),
    )


def counts_text(counts: dict[str, int]) -> str:
    """``882 PASS, 91 FAIL, ... and 22 not checked (malformed input)``, in the order of ``counts``."""
    return ", ".join(f"{n:,} {NOT_CHECKED if verdict == 'MALFORMED' else verdict}" for verdict, n in counts.items())


def build_batch(
    result: batch.BatchResult,
    file_name: str,
    evidence: LedgerEvidence,
    *,
    officer: Person,
    now: datetime,
    remarks: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> ReportContent:
    """The draft content of one report on a whole batch.

    Args:
        result: the batch's results, with each checked line's outcome (``LineResult.outcome``).
        file_name: the batch file's name, as the summary states it.
        evidence: the mirror's evidence, at the checkpoint the batch was checked against.
        progress: called with (sections built, sections in all).

    Raises:
        CheckpointMovedError: the mirror's checkpoint moved since the batch ran (check the batch again).
        ReportBuildError: no line was checked, or a cited record is not under the checkpoint.
    """
    checked = [r for r in result.results if r.outcome is not None and r.verdict is not None]
    if not checked:
        raise ReportBuildError("no line of the batch was checked", problem="nothing_checked")
    trusted = evidence.checkpoint
    if any(r.outcome is not None and r.outcome.checkpoint.size != trusted.size for r in checked):
        raise CheckpointMovedError("the mirror's checkpoint moved since the batch was checked",
                                   trusted_size=trusted.size)  # fmt: skip
    flagged = [r for r in checked if r.verdict != verdicts.Status.PASS.value]
    seen: dict[int, RecordProof] = {}
    built: list[LineSection] = []
    for r in flagged:
        assert r.outcome is not None
        evidence.collect(r.outcome.verdict.evidence, seen)
        built.append(_section(r, evidence))
        if progress is not None:
            progress(len(built), len(flagged))
    content = BatchContent(
        file_name=file_name,
        checkpoint_size=trusted.size,
        checkpoint_root=base64.b64encode(trusted.root).decode("ascii"),
        lines=tuple(_line(r) for r in result.results),
        sections=tuple(built),
    )
    worst = max((verdicts.Status(r.verdict) for r in checked if r.verdict), key=lambda s: s.rank)
    first = checked[0].outcome
    assert first is not None
    total = len(result.results)
    summary = (
        f"{total:,} lines of {file_name}: {counts_text(content.counts)}. The verdict is the most severe of the "
        f"lines' verdicts; each of the {len(built):,} lines that are not PASS has a section of its own"
    )
    return ReportContent(
        report_id=builder.new_report_id(now),
        kind=first.kind.value,
        created_at=builder.iso(now),
        officer=officer,
        input={"batch_file": file_name, "rows": total},
        as_of=first.as_of.isoformat(),
        verdict=worst.value,
        summary=summary,
        reasons=tuple(sorted({code for r in checked for code in r.reasons})),
        checks=(),
        notes=(),
        tables=(),
        evidence=evidence.bundle_of(tuple(seen.values())),
        remarks=remarks,
        batch=content,
    )
