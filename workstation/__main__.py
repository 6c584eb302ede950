"""``workstation``: the officer's workstation. Subcommands run headless; the desktop application comes later."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import ledger_client
from workstation import profiles
from workstation.cli import exits, sync_command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise exits.UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workstation", description="The customs officer's verification workstation.")
    parser.add_argument("--profile", default="default", help="the officer profile (default: 'default')")
    parser.add_argument("--passphrase-file", type=Path, help="read the cache passphrase from this file")
    sub: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )
    sync_command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        code: int = args.run(args)
    except (exits.UsageError, profiles.ProfileError, ledger_client.TrustFileError) as exc:
        exits.emit({"error": "usage", "message": str(exc)})
        return exits.USAGE
    except ledger_client.LedgerError as exc:
        code, body = exits.for_error(exc)
        exits.emit(body)
        return code
    return code


if __name__ == "__main__":
    sys.exit(main())
