"""``workstation check origin --batch LINES.csv``: every entry line of a file checked, one JSON object out.

With ``--draft-report`` the batch is also drafted into one report (``draft_report`` in the answer
names it); ``workstation report --draft ID`` approves and exports it.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from workstation import batch, session
from workstation.cli import exits
from workstation.cli.opening import open_profile
from workstation.lookups import inputs
from workstation.lookups.kind import LookupKind
from workstation.lookups.registry import parse_query
from workstation.reports.errors import ReportError
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.workflow import ReportWorkflow


def add_arguments(p: argparse.ArgumentParser, source: argparse._MutuallyExclusiveGroup) -> None:
    """The batch options of ``check origin`` (``--batch`` is a third way to give the input)."""
    source.add_argument(
        "--batch", type=Path, help="LINES.csv: one entry line per row, a header naming the columns (see docs/cli.md)"
    )
    p.add_argument("--out", type=Path, help="with --batch: also write the results to RESULTS.csv or RESULTS.json")
    p.add_argument(
        "--draft-report",
        action="store_true",
        help="with --batch: also draft one report on the batch (a summary, a section per line not PASS)",
    )


def _progress(done: int, total: int) -> None:
    if done == total or done % 50 == 0:
        sys.stderr.write(f"\rbatch: {done} of {total} lines checked")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def run(args: argparse.Namespace) -> int:
    path: Path = args.batch
    out: Path | None = args.out
    if out is not None and out.suffix.lower() not in {".csv", ".json"}:
        raise exits.UsageError("--out: results are written as .csv or .json")
    try:
        rows = batch.read_batch(path.read_bytes())
    except OSError as exc:
        raise exits.UsageError(f"cannot read {path}: {exc.strerror}") from exc
    except batch.BatchFileError as exc:
        raise exits.UsageError(f"{path}: {exc}") from exc
    as_of: date | None = inputs.parse_date(args.as_of, "--as-of") if args.as_of else None
    opened = open_profile(args)
    try:
        runner = opened.lookups()
        opened.trade_view().source()  # caught up (its search keys stored) before audit lines are written in groups

        def checkpoint() -> dict[str, object]:
            history = opened.mirror.checkpoint_history()
            return {"size": history[-1][0] if history else None, "age_seconds": None}

        result = batch.run_batch(
            rows,
            lambda raw, when: runner.run(parse_query(LookupKind.ORIGIN, raw), when),
            as_of,
            checkpoint,
            progress=_progress if sys.stderr.isatty() else None,
            group=opened.audit.group,
        )
        drafted = _draft(opened, result, path.name) if args.draft_report else None
    finally:
        opened.close()
    if out is not None:
        try:
            out.write_text(batch.write_results(result, out.suffix.lower()), encoding="utf-8", newline="")
        except OSError as exc:
            raise exits.UsageError(f"cannot write {out}: {exc.strerror}") from exc
    answer = result.to_json()
    if drafted is not None:
        answer["draft_report"] = drafted
    exits.emit(answer)
    return exits.RAN


def _draft(opened: session.Session, result: batch.BatchResult, file_name: str) -> dict[str, object]:
    """Draft the batch's report; what the answer says of it (approve it with ``workstation report --draft ID``)."""
    evidence = LedgerEvidence.from_session(opened)
    try:
        stored = ReportWorkflow.from_session(opened).draft_batch(
            result, file_name, evidence, officer=evidence.officer(opened)
        )
    except ReportError as exc:
        raise exits.UsageError(f"the report cannot be drafted: {exc.user_message()} ({exc.reason})") from exc
    assert stored.content.batch is not None
    return {
        "report_id": stored.report_id,
        "state": stored.state.value,
        "verdict": stored.content.verdict,
        "sections": len(stored.content.batch.sections),
    }
