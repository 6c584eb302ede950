"""Screenshots of ``workstation --demo`` at 1366×768 with text at 1.5× and in the High contrast theme.

Run under Xvfb (not part of the test run; the PNGs are kept in ``docs/screenshots/``)::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python -m tests.gui.display_screenshots MODE docs/screenshots

with MODE ``text-150`` or ``high-contrast``.

Each run starts the real demo (its own data folder), answers a lookup on each page with the
keyboard and saves ``display-<mode>-<page>.png``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from tests.gui.shift_officer import AS_OF, pause, retype, wait_until
from workstation import app
from workstation.lookups.kind import LookupKind
from workstation.lookups.registry import LOOKUPS
from workstation.views import theme
from workstation.views.form_page import FormPage
from workstation.views.main_window import MainWindow
from workstation.views.origin_page import OriginPage

_VALUES: dict[LookupKind, dict[str, str]] = {
    LookupKind.ORIGIN: {"entry": "E-1031", "as_of": AS_OF},
    LookupKind.LICENCE: {
        "mark": "LARKSPUR",
        "shipper": "Hilos del Valle",
        "facility": "F-SV-013",
        "goods": "hoodies",
        "hs": "6110.30",
        "making_country": "SV",
        "ship_date": "2025-03-01",
        "as_of": AS_OF,
    },
    LookupKind.SUPPLIER: {"party": "Talleres Ocotillo", "as_of": AS_OF},
}


def _window() -> MainWindow | None:
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    return found[0] if found else None


def shoot(mode: str, out: Path) -> None:
    qapp = QApplication.instance()
    assert isinstance(qapp, QApplication)
    wait_until(lambda: _window() is not None, "the main window", timeout=240)
    window = _window()
    assert window is not None
    wait_until(lambda: "entries" in window.banner.checkpoint_label.text(), "the first sync")
    if mode == "high-contrast":
        theme.apply(qapp, theme.Theme.HIGH_CONTRAST)
    window.showNormal()
    window.resize(1366, 768 - 40)  # a 1366×768 screen less its panel
    for kind, values in _VALUES.items():
        window.show_page(kind)
        page = window.pages[kind]
        assert isinstance(page, FormPage)
        form = page.filed_form if isinstance(page, OriginPage) else page.form
        for name, text in values.items():
            retype(form.fields[name], text)
        answers: list[object] = []
        page.service.finished.connect(answers.append)
        form.submit()
        wait_until(lambda answers=answers: bool(answers), f"the answer on the {kind.value} page")
        pause(0.5)
        name = LOOKUPS[kind].title.lower().replace(" ", "-")
        window.grab().save(str(out / f"display-{mode}-{name}.png"))
        print(out / f"display-{mode}-{name}.png")
    window.close()


def main(argv: list[str]) -> int:
    mode, out = argv[1], Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="ws-display-")
    qapp = QApplication.instance() or QApplication(argv[:1])
    if mode == "text-150":
        font = qapp.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        qapp.setFont(font)
    QTimer.singleShot(0, lambda: shoot(mode, out))
    return app.run_gui(["workstation", "--demo"])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
