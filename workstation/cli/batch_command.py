"""``workstation check origin --batch LINES.csv``: every entry line of a file checked, one JSON object out."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from workstation import batch
from workstation.cli import exits
from workstation.cli.opening import open_profile
from workstation.lookups import inputs
from workstation.lookups.kind import LookupKind
from workstation.lookups.registry import parse_query


def add_arguments(p: argparse.ArgumentParser, source: argparse._MutuallyExclusiveGroup) -> None:
    """The batch options of ``check origin`` (``--batch`` is a third way to give the input)."""
    source.add_argument(
        "--batch", type=Path, help="LINES.csv: one entry line per row, a header naming the columns (see docs/cli.md)"
    )
    p.add_argument("--out", type=Path, help="with --batch: also write the results to RESULTS.csv or RESULTS.json")


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
    finally:
        opened.close()
    if out is not None:
        try:
            out.write_text(batch.write_results(result, out.suffix.lower()), encoding="utf-8", newline="")
        except OSError as exc:
            raise exits.UsageError(f"cannot write {out}: {exc.strerror}") from exc
    exits.emit(result.to_json())
    return exits.RAN
