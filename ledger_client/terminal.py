r"""JSON for a terminal: text from outside cannot reorder or hide what the officer reads.

>>> print(terminal_json({"id": "R-1\u202egnp.exe"}))
{
  "id": "R-1\u202egnp.exe"
}
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable

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
