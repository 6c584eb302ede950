"""The display theme: the application palette, and the one style sheet that colours tones from it.

Widgets carry no colours. A widget that needs one says what it means with a ``tone``
property (``error``, ``warning``, ``muted``; a banner fact's ``chip``: ``ok``, ``caution``,
``neutral``, ``alert``; a verdict band's ``verdict``: ``PASS``, ``FAIL`` ...) and :func:`apply` sets the
palette and a style sheet mapping each tone to a colour of the chosen theme. The standard
theme follows the desktop's palette; *High contrast* is white and yellow on black, with
borders instead of tinted backgrounds. The choice is kept per desktop user (not per
profile) in ``display.json`` under the user data folder.
"""

from __future__ import annotations

import enum
import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QWidget

from workstation import profiles
from workstation.models import status_style


class Theme(enum.Enum):
    """The themes offered in Settings (the value is what ``display.json`` keeps)."""

    STANDARD = "standard"
    HIGH_CONTRAST = "high-contrast"

    @property
    def title(self) -> str:
        return {Theme.STANDARD: "Standard", Theme.HIGH_CONTRAST: "High contrast"}[self]


_STANDARD_TONES = {
    "error": "color: #b00020;",
    "warning": "color: #8a5a00;",
    "ok": "color: #1b5e20;",
    "muted": "color: palette(placeholder-text);",
}
_STANDARD_CHIPS = {
    "ok": "background: #e3f1e6; color: #1b4d2a; border: 1px solid #e3f1e6;",
    "caution": "background: #fff1c9; color: #5c4300; border: 1px solid #fff1c9;",
    "neutral": "background: #e9ecef; color: #212529; border: 1px solid #e9ecef;",
    "alert": "background: #b00020; color: #ffffff; border: 1px solid #b00020; font-weight: bold;",
}
_HC_TONES = {
    "error": "color: #ffff00;",
    "warning": "color: #ffff00;",
    "ok": "color: #ffffff;",
    "muted": "color: #ffffff;",
}
_HC_CHIPS = {
    "ok": "background: #000000; color: #ffffff; border: 1px solid #ffffff;",
    "caution": "background: #000000; color: #ffff00; border: 2px solid #ffff00;",
    "neutral": "background: #000000; color: #ffffff; border: 1px solid #ffffff;",
    "alert": "background: #ffff00; color: #000000; border: 2px solid #ffff00; font-weight: bold;",
}


def high_contrast_palette() -> QPalette:
    """White text on black, yellow selection with black text, cyan links (WCAG AAA contrast throughout)."""
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase,
                     QPalette.ColorRole.Button, QPalette.ColorRole.ToolTipBase, QPalette.ColorRole.Shadow):  # fmt: skip
            palette.setColor(group, role, black)
        for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                     QPalette.ColorRole.ToolTipText, QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Light,
                     QPalette.ColorRole.Midlight, QPalette.ColorRole.Mid, QPalette.ColorRole.Dark):  # fmt: skip
            palette.setColor(group, role, white)
        palette.setColor(group, QPalette.ColorRole.Highlight, yellow)
        palette.setColor(group, QPalette.ColorRole.HighlightedText, black)
        palette.setColor(group, QPalette.ColorRole.BrightText, yellow)
        palette.setColor(group, QPalette.ColorRole.Link, QColor("#00ffff"))
        palette.setColor(group, QPalette.ColorRole.LinkVisited, QColor("#ff80ff"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#c0c0c0"))
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        palette.setColor(QPalette.ColorGroup.Disabled, role, black)
    return palette


def style_sheet(theme: Theme) -> str:
    """The application style sheet of ``theme``: each tone, chip and verdict band's colours."""
    tones, chips = (_HC_TONES, _HC_CHIPS) if theme is Theme.HIGH_CONTRAST else (_STANDARD_TONES, _STANDARD_CHIPS)
    rules = [f'QLabel[tone="{name}"] {{ {css} }}' for name, css in tones.items()]
    rules += [f'QLabel[chip="{name}"] {{ padding: 3px 8px; border-radius: 3px; {css} }}' for name, css in chips.items()]
    for key in status_style.KEYS:
        if theme is Theme.HIGH_CONTRAST:
            band = "background: #000000; color: #ffffff; border: 2px solid #ffffff;"
        else:
            band = f"background: {status_style.colour(key).name()}; color: #ffffff; border: 2px solid transparent;"
        rules.append(f'QLabel[verdict="{key}"] {{ padding: 4px 10px; {band} }}')
    alert = (
        "background: #000000; border: 3px solid #ffff00;"
        if theme is Theme.HIGH_CONTRAST
        else "background: #b00020; border: 3px solid #6d0014;"
    )
    text = "#ffff00" if theme is Theme.HIGH_CONTRAST else "#ffffff"
    rules.append(f"QFrame#fork_alert {{ {alert} border-radius: 4px; }}")
    rules.append(f"QFrame#fork_alert QLabel {{ color: {text}; font-weight: bold; }}")
    return "\n".join(rules)


#: The desktop's palette of each application, read the first time a theme is applied.
_DESKTOP: dict[int, QPalette] = {}


def apply(app: QApplication, theme: Theme) -> None:
    """Set the palette and style sheet of ``theme`` (the standard theme is the desktop's own palette)."""
    desktop = _DESKTOP.setdefault(id(app), QPalette(app.palette()))
    app.setProperty("workstation_theme", theme.value)
    app.setPalette(high_contrast_palette() if theme is Theme.HIGH_CONTRAST else desktop)
    app.setStyleSheet(style_sheet(theme))


def current(app: QApplication) -> Theme:
    value = app.property("workstation_theme")
    return Theme(value) if value in {t.value for t in Theme} else Theme.STANDARD


def chooser(parent: QWidget) -> QComboBox:
    """A list of the themes (data: the ``Theme`` value), showing the one in use."""
    box = QComboBox(parent)
    for choice in Theme:
        box.addItem(choice.title, choice.value)
    app = QApplication.instance()
    if isinstance(app, QApplication):
        box.setCurrentIndex(box.findData(current(app).value))
    return box


def message_label(parent: QWidget, tone: str) -> QLabel:
    """A word-wrapped plain-text label in ``tone`` (an error line under a form)."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    set_tone(label, "tone", tone)
    return label


def emphasize(label: QWidget, scale: float) -> None:
    """Bold, and ``scale`` times the text size (a headline)."""
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)


def set_tone(widget: QWidget, prop: str, value: str) -> None:
    """Give ``widget`` a tone (``prop`` is ``tone``, ``chip`` or ``verdict``) and re-style it at once."""
    if widget.property(prop) == value:
        return
    widget.setProperty(prop, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


def choice_path() -> Path:
    """Where the desktop user's theme is kept."""
    return profiles.data_root() / "display.json"


def load_choice(path: Path) -> Theme:
    """The theme kept in ``path`` (``display.json``); the standard one when there is none or it is unreadable."""
    try:
        value = json.loads(path.read_text(encoding="utf-8")).get("theme")
    except (OSError, ValueError, AttributeError):
        return Theme.STANDARD
    return Theme(value) if value in {t.value for t in Theme} else Theme.STANDARD


def save_choice(path: Path, theme: Theme) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"theme": theme.value}), encoding="utf-8")
