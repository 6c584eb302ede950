"""``workstation``: the officer's workstation. Subcommands run headless; no subcommand (or ``gui``) opens the GUI."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import ledger_client
from workstation import profiles
from workstation.cli import check_command, evidence_command, exits, sync_command
from workstation.lookups import inputs


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise exits.UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workstation", description="The customs officer's verification workstation.")
    parser.add_argument("--profile", default="default", help="the officer profile (default: 'default')")
    parser.add_argument("--passphrase-file", type=Path, help="read the cache passphrase from this file")
    sub: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", required=False, parser_class=_Parser
    )
    sync_command.register(sub)
    check_command.register(sub)
    evidence_command.register(sub)
    # No subcommand, or "gui": the desktop application (Qt is imported only then).
    parser.set_defaults(run=_run_gui)
    sub.add_parser("gui", help="open the desktop application (the default)").set_defaults(run=_run_gui)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    from workstation import app  # noqa: PLC0415 - headless subcommands never load Qt

    return app.run_gui([sys.argv[0], "--profile", args.profile])


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code: int = args.run(args)
    except (exits.UsageError, profiles.ProfileError, ledger_client.TrustFileError, inputs.InputError) as exc:
        exits.emit({"error": "usage", "message": str(exc)})
        return exits.USAGE
    except ledger_client.LedgerError as exc:
        code, body = exits.for_error(exc)
        exits.emit(body)
        return code
    return code


if __name__ == "__main__":
    sys.exit(main())
