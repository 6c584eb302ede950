"""``workstation check KIND``: one lookup on the mirror, one JSON object out (a subcommand per lookup kind).

Each kind's input is read from a JSON file (or, for a filed entry or a supplier, from
options) and parsed by the kind's one parser (``registry.parse_query``), as the form does.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path

from ledger_client.credentials import JsonObject
from workstation import session
from workstation.cli import batch_command, exits
from workstation.cli.opening import open_profile
from workstation.lookups import sighting
from workstation.lookups.inputs import parse_date
from workstation.lookups.kind import LookupKind
from workstation.lookups.queries import LookupQuery, OriginByEntry, ProductQuery, SupplierQuery
from workstation.lookups.registry import LOOKUPS, parse_query
from workstation.store.officer_key import OfficerKeyStore


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = sub.add_parser("check", help="run a lookup on the verified mirror (works offline)")
    kinds = check.add_subparsers(dest="kind", required=True, parser_class=type(check))
    parsers = {kind: kinds.add_parser(kind.value, help=spec.summary) for kind, spec in LOOKUPS.items()}
    p = parsers[LookupKind.ORIGIN]
    source = p.add_mutually_exclusive_group(required=True)
    source.add_argument("--entry-line", type=Path, help="LINE.json: an entry line as typed (see docs/cli.md)")
    source.add_argument("--entry", help="an entry number filed on the ledger (E-NNNN)")
    batch_command.add_arguments(p, source)
    p.add_argument("--as-of", help="the date to judge at (default: today)")
    p = parsers[LookupKind.LICENCE]
    p.add_argument("--shipment", type=Path, required=True, help="SHIPMENT.json (see docs/cli.md)")
    p.add_argument("--as-of")
    p = parsers[LookupKind.PRODUCT]
    p.add_argument("--observation", type=Path, required=True, help="OBS.json (see docs/cli.md)")
    p.add_argument("--as-of", help="default: the observation's date")
    p.add_argument(
        "--record-sighting",
        action="store_true",
        help="sign the sighting with the officer's key, log it on the ledger, sync, then answer",
    )
    p.add_argument("--port", help="the port the item was examined at (recorded with the sighting)")
    p = parsers[LookupKind.SUPPLIER]
    p.add_argument("--party", required=True, help="a registered party id, or a unique start of its name")
    p.add_argument("--from", dest="window_from", help="start of the window (default: 24 months back)")
    p.add_argument("--as-of")
    for p in parsers.values():
        p.set_defaults(run=_run)


def _read_json(path: Path) -> JsonObject:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise exits.UsageError(f"cannot read {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise exits.UsageError(f"{path} is not JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise exits.UsageError(f"{path} must hold one JSON object")
    return value


def query_of(args: argparse.Namespace) -> LookupQuery:
    """The typed query the command line asks (read from its file or options), before the profile is opened.

    Raises:
        UsageError: an input file cannot be read or is not a JSON object.
        InputError: the input cannot be used; the error names the member.
    """
    kind = LookupKind(args.kind)
    match kind:
        case LookupKind.ORIGIN if args.entry:
            return OriginByEntry(args.entry)
        case LookupKind.ORIGIN:
            return parse_query(kind, _read_json(args.entry_line))
        case LookupKind.LICENCE:
            return parse_query(kind, _read_json(args.shipment))
        case LookupKind.PRODUCT:
            return parse_query(kind, _read_json(args.observation))
        case LookupKind.SUPPLIER:
            window_from = parse_date(args.window_from, "--from") if args.window_from else None
            return SupplierQuery(args.party, window_from)


def _as_of(args: argparse.Namespace) -> date | None:
    return parse_date(args.as_of, "--as-of") if getattr(args, "as_of", None) else None


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "batch", None):
        return batch_command.run(args)
    if getattr(args, "out", None):
        raise exits.UsageError("--out goes with --batch")
    query, as_of = query_of(args), _as_of(args)
    opened = open_profile(args)
    try:
        if isinstance(query, ProductQuery) and args.record_sighting:
            _record_sighting(opened, query, args.port)
        exits.emit(opened.lookups().run(query, as_of).to_json())
        return exits.RAN
    finally:
        opened.close()


def _record_sighting(opened: session.Session, query: ProductQuery, port: str | None) -> None:
    """Log the item in hand as a sighting (once per entry and serial), then bring the mirror up to date."""
    stored = OfficerKeyStore(opened.connection, opened.profile.cache_path).load()
    if stored is None:
        raise exits.UsageError("no officer key in this profile: run 'workstation sync --officer-key KEYFILE' first")
    key, _name = stored
    index = opened.trade_view().source()
    observed = query.observation(index)
    if sighting.already_logged(observed, index):
        return
    client = opened.client()
    sighting.submit(client.transport, sighting.sighting_credential(observed, key, port=port))
    client.sync()
