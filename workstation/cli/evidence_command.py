"""``workstation evidence --record ID --out DIR``: offline proof files for a record and the records it rests on."""

from __future__ import annotations

import argparse
from pathlib import Path

import ledger_client
from trade import record_types, verdicts
from workstation.cli import exits
from workstation.cli.opening import open_profile


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("evidence", help="write c2sp.org/tlog-proof@v1 files for a record (works offline)")
    p.add_argument("--record", required=True, help="a record id (C-U-003, L-100...) or a credential id")
    p.add_argument("--out", type=Path, required=True, help="the folder to write into")
    p.set_defaults(run=run)


def _safe(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)


def run(args: argparse.Namespace) -> int:
    opened = open_profile(args)
    try:
        wanted = args.record
        found = (_evidence(item) for item in opened.trade_view().source().records_named(wanted))
        matches = sorted({ev.log_index for ev in found} | {e.index for e in opened.mirror.by_credential_id(wanted)})
        if not matches:
            raise exits.UsageError(f"record: nothing on the mirrored ledger is called {wanted!r}")
        trusted = opened.trusted_checkpoint()
        if trusted is None:
            raise exits.UsageError("the mirror has no verified checkpoint yet: run 'workstation sync'")
        builder = ledger_client.EvidenceBuilder(opened.mirror, trusted)
        args.out.mkdir(parents=True, exist_ok=True)
        written = []
        for index_ in matches:
            stored = opened.mirror.entry(index_)
            assert stored is not None
            stem = args.out / f"{_safe(args.record)}-{index_}"
            stem.with_suffix(".tlog-proof").write_bytes(builder.proof_file(index_))
            stem.with_suffix(".entry.json").write_bytes(stored.entry)
            written.append(
                {
                    "log_index": index_,
                    "believed": stored.believed,
                    "proof_file": str(stem.with_suffix(".tlog-proof")),
                    "entry_file": str(stem.with_suffix(".entry.json")),
                }
            )
        exits.emit({"record": args.record, "checkpoint_size": trusted.size, "files": written})
    finally:
        opened.close()
    return exits.RAN


def _evidence(item: record_types.TradeRecord | record_types.FailedRecord) -> verdicts.Evidence:
    return item.evidence if isinstance(item, record_types.FailedRecord) else item.provenance.evidence
