"""Render packaging/icons/customs-workstation.svg to the PNG sizes of the hicolor theme, and .ico/.icns.

    python packaging/render_icons.py OUT_DIR

Writes OUT_DIR/<size>x<size>/customs-workstation.png for 16..512, plus
customs-workstation.ico (256 px, for the Windows executable and MSI) and
customs-workstation.icns (for the macOS bundle), with Qt's SVG renderer and
image plugins (no other tool needed). Runs headless.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # the platform is chosen above, before Qt loads
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SVG = Path(__file__).resolve().parent / "icons" / "customs-workstation.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main(out: Path) -> int:
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"render_icons: {SVG} is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        folder = out / f"{size}x{size}"
        folder.mkdir(parents=True, exist_ok=True)
        if not render(renderer, size).save(str(folder / "customs-workstation.png"), "PNG"):
            print(f"render_icons: cannot write the {size} px PNG", file=sys.stderr)
            return 1
    for suffix, size in (("ico", 256), ("icns", 512)):
        if not render(renderer, size).save(str(out / f"customs-workstation.{suffix}"), suffix.upper()):
            print(f"render_icons: cannot write the .{suffix}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
