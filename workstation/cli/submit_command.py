"""``workstation submit FILE.json``: put a secured credential on the ledger and wait until the mirror proves it."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from workstation import submission
from workstation.cli import exits
from workstation.cli.opening import open_profile


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "submit",
        help="check a secured credential (ours or the W3C Traceability vocabulary's), submit it to the node, "
        "wait until a witnessed checkpoint covers it and sync",
    )
    p.add_argument("file", type=Path, help="the secured credential (JSON, signed with eddsa-jcs-2022)")
    p.add_argument(
        "--wait",
        type=float,
        default=submission.WAIT_SECONDS,
        help=f"seconds to wait for a witnessed checkpoint (default {submission.WAIT_SECONDS:g})",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        text = args.file.read_bytes()
    except OSError as exc:
        raise exits.UsageError(f"cannot read {args.file}: {exc.strerror or exc}") from exc
    opened = open_profile(args)
    try:
        at = datetime.fromtimestamp(opened.clock(), tz=UTC)
        try:
            prepared = submission.prepare(
                text, opened.trade_view().source(), cbp_issuer=opened.trust.issuer_keys[0], at=at
            )
        except submission.SubmissionRefusedError as exc:
            exits.emit({"error": "refused", "reason": exc.reason, "message": f"{args.file}: {exc.detail}"})
            return exits.USAGE
        try:
            done = submission.submit(opened.client(), opened.mirror, prepared, wait_seconds=args.wait)
        except submission.NotIncludedError as exc:
            exits.emit({"error": "not_included", "message": f"{exc}; run 'workstation sync' later", "index": exc.index})
            return exits.UNAVAILABLE
        exits.emit(
            {
                "index": done.index,
                "checkpoint": {"size": done.checkpoint_size, "witnesses": list(done.witnesses)},
                "records": [
                    {
                        "type": r.provenance.record_type.value,
                        "id": r.provenance.record_id,
                        "item": r.provenance.item,
                        "vocabulary": r.provenance.vocabulary.value,
                        "signer_party": r.provenance.signer_party,
                    }
                    for r in done.records
                ],
            }
        )
    finally:
        opened.close()
    return exits.RAN
