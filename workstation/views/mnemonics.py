"""Alt+letter mnemonics: the letters the main window keeps for itself, and a free letter for a label made at run time.

The main window's menus (File, View, Help) and tabs (1 to 4 for the lookups, History,
Reports) are visible on every page, so no page may use their letters; the test
``tests/gui/test_keyboard.py`` walks every page and dialog for a letter used twice.
"""

from __future__ import annotations

from collections.abc import Iterable

#: Menus &File, &View, &Help; tabs &1-&4, Histor&y, &Reports.
WINDOW_LETTERS = frozenset("fvh1234yr")


def letter_of(text: str) -> str | None:
    """The mnemonic letter of ``text`` (after a single ``&``), lower-cased."""
    index = 0
    while (index := text.find("&", index)) != -1:
        if index + 1 < len(text) and text[index + 1] != "&":
            return text[index + 1].lower()
        index += 2
    return None


def with_free_mnemonic(label: str, taken: Iterable[str]) -> str:
    """``label`` with ``&`` before its first letter that is neither in ``taken`` nor the window's; as is if none."""
    used = {letter.lower() for letter in taken} | WINDOW_LETTERS
    for index, char in enumerate(label):
        if char.isalnum() and char.lower() not in used:
            return f"{label[:index]}&{label[index:]}"
    return label
