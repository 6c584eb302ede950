"""US English in what an officer reads: the window's words, its menus, tabs, headers, tips and messages."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QLabel, QLineEdit, QTabBar, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ShellMaker
from workstation import messages

_BRITISH = re.compile(
    r"\b(licen[c]e[sd]?|colour\w*|synchronis\w*|cancell(ed|ing)|organis\w*|behaviour\w*|centre\w*|"
    r"catalogue\w*|favour\w*|analys(e|ed|ing)|labell(ed|ing)|judgement|sub-licens\w*)\b",
    re.IGNORECASE,
)


def _words(root: QWidget) -> list[str]:
    texts: list[str] = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        texts.append(widget.accessibleName())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())]
        if isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(model.columnCount())]
    for action in root.findChildren(QAction):
        texts += [action.text(), action.toolTip()]
    return texts


def test_the_window_speaks_us_english(qtbot: QtBot, make_shell: ShellMaker) -> None:
    shell = make_shell()
    shell.window.show()
    words = _words(shell.window) + [v for k, v in vars(messages).items() if k.isupper() and isinstance(v, str)]
    british = sorted({m.group(0) for text in words for m in _BRITISH.finditer(text)})
    assert british == []
