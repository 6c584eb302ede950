"""Walks what a screen reader sees of a window (``QAccessible``) and what Tab reaches.

``unnamed`` lists each visible interactive or content element without an accessible name;
``labels_without_buddy`` each form label that names no field; ``unreachable_by_tab`` each
visible focusable widget that pressing Tab from the window's first field never reaches.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QRadioButton, QWidget

Role = QAccessible.Role
_MNEMONIC = re.compile(r"(?<!&)&[^&\s]")
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(white|black|red|green|blue|yellow|gray|grey)\b|rgba?\(")

#: Roles a user acts on or reads content from: each needs a name.
NAMED_ROLES = frozenset(
    {
        Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.SpinBox, Role.EditableText,
        Role.Table, Role.Tree, Role.List, Role.PageTabList, Role.Slider, Role.ProgressBar, Role.Chart,
        Role.Graphic, Role.ButtonMenu, Role.ButtonDropDown, Role.Document,
    }
)  # fmt: skip


def _describe(iface: QAccessibleInterface) -> str:
    obj = iface.object()
    name = obj.objectName() if obj is not None else ""
    owner = obj.parent() if obj is not None else None
    where = type(owner).__name__ if owner is not None else "-"
    return f"{iface.role().name} {type(obj).__name__}{'#' + name if name else ''} in {where}"


def _walk(iface: QAccessibleInterface, seen: set[int], out: list[QAccessibleInterface]) -> None:
    for index in range(iface.childCount()):
        child = iface.child(index)
        if child is None or not child.isValid():
            continue
        key = id(child.object()) if child.object() is not None else id(child)
        if child.state().invisible:
            continue
        if child.object() is not None and key in seen:
            continue
        seen.add(key)
        out.append(child)
        _walk(child, seen, out)


def elements(window: QWidget) -> list[QAccessibleInterface]:
    root = QAccessible.queryAccessibleInterface(window)
    assert root is not None
    found: list[QAccessibleInterface] = []
    _walk(root, set(), found)
    return found


def unnamed(window: QWidget) -> list[str]:
    """Visible interactive or content elements that a screen reader would announce without a name."""
    missing = []
    for iface in elements(window):
        if iface.role() in NAMED_ROLES and not iface.text(QAccessible.Text.Name).strip():
            missing.append(_describe(iface))
    return missing


def labels_without_buddy(window: QWidget) -> list[str]:
    """Labels in the label column of a form layout that name no field (a screen reader cannot tie them)."""
    missing = []
    for form in window.findChildren(QFormLayout):
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel) and label.isVisible() and label.buddy() is None:
                missing.append(f"label {label.text()!r} in {type(form.parentWidget()).__name__}")
    for label in window.findChildren(QLabel):  # an Alt+letter on a label without a field does nothing
        if label.isVisible() and _MNEMONIC.search(label.text()) and label.buddy() is None:
            missing.append(f"label {label.text()!r} has a mnemonic but no field")
    return missing


def focusable(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in window.findChildren(QWidget)
        if w.window() is window
        and w.isVisible()
        and w.isEnabled()
        and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        and w.focusProxy() is None
    ]


def unreachable_by_tab(window: QWidget, presses: int = 400) -> list[str]:
    """Press Tab from the first focusable widget and list the focusable widgets never reached."""
    wanted = focusable(window)
    if not wanted:
        return []
    window.activateWindow()
    wanted[0].setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    reached: set[int] = set()
    for _ in range(presses):
        current = QApplication.focusWidget()
        if current is None:
            break
        reached.add(id(current))
        QTest.keyClick(current, Qt.Key.Key_Tab)
        if all(id(w) in reached for w in wanted):
            break
    reached_groups = {id(w.parentWidget()) for w in wanted if id(w) in reached and isinstance(w, QRadioButton)}
    missed = [
        w
        for w in wanted
        if id(w) not in reached  # Tab enters a group of radio buttons at its checked one; arrows move in it
        and not (isinstance(w, QRadioButton) and w.autoExclusive() and id(w.parentWidget()) in reached_groups)
    ]
    return [f"{type(w).__name__}#{w.objectName()} in {type(w.parentWidget()).__name__}" for w in missed]


def colored_style_sheets(root: QWidget) -> list[str]:
    """Widgets whose own style sheet names a color (colors belong to the theme: ``workstation.views.theme``)."""
    return [
        f"{type(w).__name__}: {w.styleSheet()!r}"
        for w in [root, *root.findChildren(QWidget)]
        if _COLOR.search(w.styleSheet())
    ]
