"""Exit codes and output shared by every ``ledger-client`` subcommand.

Exit 0: the verdict is the good one (``valid``, ``accept``). Exit 1: any other
verdict. Exit 2: usage errors and input that could not be read at all. Standard
output is always exactly one JSON object; nothing prints a traceback.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NoReturn

EXIT_GOOD = 0
EXIT_BAD_VERDICT = 1
EXIT_USAGE = 2

#: No input file this command reads is legitimately larger than this.
MAX_INPUT_BYTES = 4 * 1024 * 1024


class UsageError(Exception):
    """The command line or an input file could not be used (exit 2).

    The message is ours; it may name a path the user typed.
    """


#: Characters a terminal would act on or hide: controls (C0 but the layout's newline, DEL, C1), format
#: characters (bidi overrides and isolates, zero-width marks) and the line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _escaped(char: str) -> str:
    if char == "\n" or unicodedata.category(char) not in _HIDDEN:
        return char
    code = ord(char)
    if code > 0xFFFF:  # a JSON escape of a supplementary character is its UTF-16 surrogate pair
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def terminal_json(obj: object, default: Callable[[object], object] | None = None) -> str:
    """Indented JSON in which text from outside cannot reorder or hide what a terminal shows.

    Control, format (bidi, zero-width) and separator characters only occur inside JSON
    strings, where their ``\\uXXXX`` escape means the same; other letters stay readable.
    """
    return "".join(map(_escaped, json.dumps(obj, indent=2, ensure_ascii=False, default=default)))


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
