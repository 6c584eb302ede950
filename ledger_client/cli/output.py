"""Exit codes and output shared by every ``ledger-client`` subcommand.

Exit 0: the verdict is the good one (``valid``, ``accept``). Exit 1: any other
verdict. Exit 2: usage errors and input that could not be read at all. Standard
output is always exactly one JSON object; nothing prints a traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

from ledger_client.terminal import terminal_json

EXIT_GOOD = 0
EXIT_BAD_VERDICT = 1
EXIT_USAGE = 2

#: No input file this command reads is legitimately larger than this.
MAX_INPUT_BYTES = 4 * 1024 * 1024


class UsageError(Exception):
    """The command line or an input file could not be used (exit 2).

    The message is ours; it may name a path the user typed.
    """


def emit(obj: Mapping[str, object]) -> None:
    """Print one JSON object on standard output."""
    sys.stdout.write(terminal_json(obj) + "\n")
    sys.stdout.flush()


def fail_usage(message: str) -> NoReturn:
    raise UsageError(message)


def read_input(path: str, *, what: str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """Read a whole input file (``-`` for standard input), refusing oversized ones."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            with Path(path).open("rb") as fh:
                data = fh.read(limit + 1)
    except OSError as exc:
        fail_usage(f"cannot read {what} {path!r}: {exc.strerror or exc}")
    if len(data) > limit:
        fail_usage(f"{what} {path!r} is larger than {limit} bytes")
    return data


def read_text(path: str, *, what: str, limit: int = MAX_INPUT_BYTES) -> str:
    """Read an input file that must be UTF-8 text."""
    data = read_input(path, what=what, limit=limit)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        fail_usage(f"{what} {path!r} is not UTF-8 text")
