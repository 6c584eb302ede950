"""Entry point of ``ledger-client``: builds the parser from each command module and runs one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ledger_client.cli import audit_command, credential_commands, log_commands, output


class _Parser(argparse.ArgumentParser):
    """An argparse parser whose usage errors exit 2 with one JSON object on stdout."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise output.UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ledger-client",
        description="Verify transparency-log evidence and signed trade records. Prints one JSON object.",
    )
    sub: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(
        dest="command", required=True, parser_class=_Parser
    )
    log_commands.register(sub)
    audit_command.register(sub)
    credential_commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        code: int = args.run(args)
    except output.UsageError as exc:
        output.emit({"error": "usage", "reason": str(exc)})
        return output.EXIT_USAGE
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
