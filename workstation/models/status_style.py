"""How a verdict status or supplier rating is shown: a word, a symbol and a colour, never the colour alone."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap, QPolygonF

#: status or rating -> (symbol, words, colour). Colours keep a 4.5:1 contrast with white text.
_STYLES: dict[str, tuple[str, str, str]] = {
    "PASS": ("✓", "PASS", "#1b6e20"),
    "FAIL": ("✗", "FAIL", "#b3261e"),
    "REVIEW": ("!", "REVIEW", "#8a5300"),
    "NOT_FOUND": ("?", "NOT FOUND", "#4a5560"),
    "UNVERIFIABLE": ("⚠", "UNVERIFIABLE", "#6a1b9a"),
    "NOTE": ("i", "NOTE", "#1f4e8c"),
    "LOW": ("✓", "LOW", "#1b6e20"),
    "NEW": ("?", "NEW", "#1f4e8c"),
    "ELEVATED": ("!", "ELEVATED", "#8a5300"),
    "HIGH": ("✗", "HIGH", "#b3261e"),
}
#: Every status and rating shown.
KEYS = tuple(_STYLES)
_SQUARE = ("FAIL", "HIGH", "UNVERIFIABLE")
_TRIANGLE = ("REVIEW", "ELEVATED")


def symbol(key: str) -> str:
    return _STYLES.get(key, ("•", key, "#4a5560"))[0]


def words(key: str) -> str:
    return _STYLES.get(key, ("•", key, "#4a5560"))[1]


def colour(key: str) -> QColor:
    return QColor(_STYLES.get(key, ("•", key, "#4a5560"))[2])


@cache
def icon(key: str, size: int = 16) -> QIcon:
    """A small shape in the status colour with its symbol in white: shape and symbol differ by status too."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(Qt.PenStyle.NoPen))
    painter.setBrush(QBrush(colour(key)))
    box = QRectF(0.5, 0.5, size - 1, size - 1)
    if key in _SQUARE:
        painter.drawRoundedRect(box, 2, 2)
    elif key in _TRIANGLE:
        painter.drawPolygon(
            QPolygonF([QPointF(size / 2, 0.5), QPointF(size - 0.5, size - 0.5), QPointF(0.5, size - 0.5)])
        )
    else:
        painter.drawEllipse(box)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.7))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    text_box = box.adjusted(0, size * 0.15, 0, 0) if key in _TRIANGLE else box
    painter.drawText(text_box, Qt.AlignmentFlag.AlignCenter, symbol(key))
    painter.end()
    return QIcon(pixmap)
