"""``workstation``: the officer's workstation. Subcommands run headless; no subcommand (or ``gui``) opens the GUI."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import ledger_client
from ledger_client import version
from ledger_client.network import NetworkSettingsError
from workstation import profiles
from workstation.cli import (
    check_cache_command,
    check_command,
    evidence_command,
    exits,
    explain_command,
    report_commands,
    submit_command,
    sync_command,
)
from workstation.lookups import inputs


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise exits.UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="workstation", description="The customs officer's verification workstation.")
    parser.add_argument("--version", action="version", version=version.version_line("workstation"))
    parser.add_argument("--profile", help="the officer profile (default: 'default')")
    parser.add_argument("--passphrase-file", type=Path, help="read the cache passphrase from this file")
    parser.add_argument(
        "--ca-bundle",
        type=Path,
        help="PEM file of the certificate authorities to trust for https:// ledgers (e.g. a TLS-inspecting "
        "proxy's CA); replaces the built-in list for this run (sync --ledger stores it in the profile)",
    )
    parser.add_argument(
        "--proxy",
        help="'system' (HTTPS_PROXY, NO_PROXY, the OS settings), 'direct', or a proxy URL, for this run "
        "(sync --ledger stores it in the profile)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the GUI on the embedded DEMO ledger (starts a local demo node)"
    )
    sub: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", required=False, parser_class=_Parser
    )
    sync_command.register(sub)
    check_command.register(sub)
    evidence_command.register(sub)
    report_commands.register(sub)
    explain_command.register(sub)
    check_cache_command.register(sub)
    submit_command.register(sub)
    # No subcommand, or "gui": the desktop application (Qt is imported only then).
    parser.set_defaults(run=_run_gui)
    sub.add_parser("gui", help="open the desktop application (the default)").set_defaults(run=_run_gui)
    return parser


def _run_gui(args: argparse.Namespace) -> int:
    if args.demo and not _has_screen():
        from workstation.cli import demo_tour  # noqa: PLC0415

        return demo_tour.run()
    from workstation import app  # noqa: PLC0415 - headless subcommands never load Qt

    return app.run_gui([sys.argv[0], "--profile", args.profile, *(["--demo"] if args.demo else [])])


def _has_screen() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM"))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        args.profile_given = args.profile is not None  # verify-report then also asks the profile's mirror
        args.profile = args.profile or "default"
        code: int = args.run(args)
    except (
        exits.UsageError,
        profiles.ProfileError,
        ledger_client.TrustFileError,
        inputs.InputError,
        NetworkSettingsError,
    ) as exc:
        exits.emit({"error": "usage", "message": str(exc)})
        return exits.USAGE
    except ledger_client.LedgerError as exc:
        code, body = exits.for_error(exc)
        exits.emit(body)
        return code
    return code


if __name__ == "__main__":
    sys.exit(main())
