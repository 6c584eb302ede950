"""``workstation check origin|licence|product|supplier``: one lookup on the mirror, one JSON object out."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from workstation import session
from workstation.cli import batch_command, exits
from workstation.cli.opening import open_profile
from workstation.lookups import inputs, sighting
from workstation.lookups.outcome import LookupOutcome
from workstation.store.officer_key import OfficerKeyStore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser("check", help="run a lookup on the verified mirror (works offline)")
    kinds = check.add_subparsers(dest="kind", required=True, parser_class=type(check))
    p = kinds.add_parser("origin", help="does a certification of origin support this entry line?")
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--entry-line", type=Path, help="LINE.json: an entry line as typed (see docs/cli.md)")
    source.add_argument("--entry", help="an entry number filed on the ledger (E-NNNN)")
    batch_command.add_arguments(p, source)
    p.add_argument("--as-of", help="the date to judge at (default: today)")
    p.set_defaults(run=_run_origin)
    p = kinds.add_parser("licence", help="is this shipper a licensed source of these branded goods?")
    p.add_argument("--shipment", type=Path, required=True, help="SHIPMENT.json (see docs/cli.md)")
    p.add_argument("--as-of")
    p.set_defaults(run=_run_licence)
    p = kinds.add_parser("product", help="does this item match what the rights holder recorded?")
    p.add_argument("--observation", type=Path, required=True, help="OBS.json (see docs/cli.md)")
    p.add_argument("--as-of", help="default: the observation's date")
    p.add_argument(
        "--record-sighting",
        action="store_true",
        help="sign the sighting with the officer's key, log it on the ledger, sync, then answer",
    )
    p.add_argument("--port", help="the port the item was examined at (recorded with the sighting)")
    p.set_defaults(run=_run_product)
    p = kinds.add_parser("supplier", help="how has this supplier behaved toward importers?")
    p.add_argument("--party", required=True, help="a registered party id, or a unique start of its name")
    p.add_argument("--from", dest="window_from", help="start of the window (default: 24 months back)")
    p.add_argument("--as-of")
    p.set_defaults(run=_run_supplier)


def _read_json(path: Path) -> dict[str, object]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise exits.UsageError(f"cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise exits.UsageError(f"{path} is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise exits.UsageError(f"{path} must hold one JSON object")
    return value


def _as_of(args: argparse.Namespace) -> date | None:
    return inputs.parse_date(args.as_of, "--as-of") if getattr(args, "as_of", None) else None


def _answer(outcome: LookupOutcome) -> int:
    exits.emit(outcome.to_json())
    return exits.RAN


def _run_origin(args: argparse.Namespace) -> int:
    if args.batch:
        return batch_command.run(args)
    if args.out:
        raise exits.UsageError("--out goes with --batch")
    opened = open_profile(args)
    try:
        runner = opened.lookups()
        if args.entry:
            return _answer(runner.origin_by_entry(args.entry, _as_of(args)))
        return _answer(runner.origin_by_line(_read_json(args.entry_line), _as_of(args)))
    finally:
        opened.close()


def _run_licence(args: argparse.Namespace) -> int:
    opened = open_profile(args)
    try:
        return _answer(opened.lookups().licence(_read_json(args.shipment), _as_of(args)))
    finally:
        opened.close()


def _run_product(args: argparse.Namespace) -> int:
    raw = _read_json(args.observation)
    opened = open_profile(args)
    try:
        if args.record_sighting:
            _record_sighting(opened, raw, args.port)
        return _answer(opened.lookups().product(raw, _as_of(args)))
    finally:
        opened.close()


def _record_sighting(opened: session.Session, raw: dict[str, object], port: str | None) -> None:
    """Log the item in hand as a sighting (once per entry and serial), then bring the mirror up to date."""
    stored = OfficerKeyStore(opened.connection, opened.profile.cache_path).load()
    if stored is None:
        raise exits.UsageError("no officer key in this profile: run 'workstation sync --officer-key KEYFILE' first")
    key, _name = stored
    observed = inputs.observation(raw, opened.trade_view().index())
    if sighting.already_logged(observed, opened.trade_view().index()):
        return
    client = opened.client()
    sighting.submit(client.transport, sighting.sighting_credential(observed, key, port=port))
    client.sync()


def _run_supplier(args: argparse.Namespace) -> int:
    window_from = inputs.parse_date(args.window_from, "--from") if args.window_from else None
    opened = open_profile(args)
    try:
        return _answer(opened.lookups().supplier(args.party, window_from=window_from, as_of=_as_of(args)))
    finally:
        opened.close()
