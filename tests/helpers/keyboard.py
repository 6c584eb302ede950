"""The Alt+letter mnemonics a window offers at one moment: menus, tabs, buttons, group boxes and labels with buddies.

Qt matches a mnemonic only on a visible widget, so the walker reads what is visible now;
the tests walk each page of a window and each dialog.
"""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QMenuBar, QTabBar, QWidget

_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The letter after a single ``&`` (``&&`` is a literal ampersand), lower-cased; None without one."""
    found = _MNEMONIC.search(text)
    return found.group(1).lower() if found else None


def visible_mnemonics(window: QWidget) -> dict[str, list[str]]:
    """Each mnemonic letter of ``window`` (visible widgets only) with the texts that carry it."""
    found: dict[str, list[str]] = defaultdict(list)

    def add(text: str, where: str) -> None:
        letter = mnemonic(text)
        if letter is not None:
            found[letter].append(f"{where} {text!r}")

    for bar in window.findChildren(QMenuBar):
        if bar.isVisible():
            for action in bar.actions():
                add(action.text(), "menu")
    for tabs in window.findChildren(QTabBar):
        if tabs.isVisible():
            for index in range(tabs.count()):
                if tabs.isTabVisible(index):
                    add(tabs.tabText(index), "tab")
    for button in window.findChildren(QAbstractButton):
        if button.isVisible() and button.window() is window:
            add(button.text(), type(button).__name__)
    for box in window.findChildren(QGroupBox):
        if box.isVisible() and box.window() is window:
            add(box.title(), "group")
    for label in window.findChildren(QLabel):
        if label.isVisible() and label.buddy() is not None and label.window() is window:
            add(label.text(), "label")
    return dict(found)


def duplicates(window: QWidget) -> dict[str, list[str]]:
    """The letters offered by more than one visible widget of ``window``."""
    return {letter: texts for letter, texts in visible_mnemonics(window).items() if len(texts) > 1}
