"""The window on a 1366×768 screen (less its panel) and at its smallest supported size, 1024×640.

The main window over the synced demo profile, each lookup answered, at each size: the window takes
the size, every field and button of the page is fully visible, the license chain needs no sideways
scrolling at 1366 (at 1024 it may scroll), and the supplier chart keeps both axis titles.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCharts import QChart
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.gui.test_lookup_pages import AS_OF, WAIT_MS
from tests.gui.test_reports_flow import PASSPHRASE
from tests.gui.test_reports_flow import demo_profile as reports_demo_profile
from workstation import app, profiles, session
from workstation.lookups.kind import LookupKind
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views.form_page import FormPage
from workstation.views.licence_page import LicencePage
from workstation.views.origin_page import OriginPage
from workstation.views.supplier_page import SupplierPage

#: The demo profile synced once for the module (the fixture of the report flow tests).
demo_profile = reports_demo_profile

_ANSWERS: dict[LookupKind, dict[str, str]] = {
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


@pytest.fixture
def shell(qtbot: QtBot, demo_profile: profiles.Profile, pool: WorkerPool, notifier: Notifier) -> Iterator[Shell]:
    opened = session.open_session(demo_profile, PASSPHRASE)
    built = app.build_shell(opened, pool=pool, notifier=notifier, profile_service=ProfileService(pool))
    qtbot.add_widget(built.window)
    built.window.show()
    yield built
    built.close()


def _cut(page: QWidget) -> list[str]:
    """Fields and buttons of ``page`` shown only in part (or not at all)."""
    cut = []
    for widget in page.findChildren(QLineEdit) + page.findChildren(QAbstractButton):
        if widget.isVisible() and widget.visibleRegion().boundingRect().size() != widget.size():
            cut.append(f"{type(widget).__name__} {widget.objectName() or getattr(widget, 'text', lambda: '')()!r}")
    return cut


@pytest.mark.parametrize(("width", "height"), [(1366, 728), (1024, 640)])
def test_every_answered_page_fits(qtbot: QtBot, shell: Shell, width: int, height: int) -> None:
    window = shell.window
    window.resize(width, height)
    QApplication.processEvents()
    assert (window.width(), window.height()) == (width, height)
    problems: list[str] = []
    for kind, values in _ANSWERS.items():
        window.show_page(kind)
        page = window.pages[kind]
        assert isinstance(page, FormPage)
        form = page.filed_form if isinstance(page, OriginPage) else page.form
        form.set_values(values)
        with qtbot.wait_signal(page.service.finished, timeout=WAIT_MS):
            form.submit()
        QApplication.processEvents()
        problems += [f"{kind.value}: {c}" for c in _cut(page)]
        if isinstance(page, LicencePage) and width >= 1366:  # at 1024 the chain may scroll sideways: it still works
            page.tree.expandAll()
            QApplication.processEvents()
            if page.tree.horizontalScrollBar().maximum() > 0:
                problems.append("license chain: scrolls sideways")
            header = page.tree.header()
            if header.length() > page.tree.viewport().width():
                problems.append(f"license chain: columns {header.length()} px in {page.tree.viewport().width()} px")
        if isinstance(page, SupplierPage):
            chart = page.chart.chart()
            assert isinstance(chart, QChart)
            titles = [axis.titleText() for axis in chart.axes()]
            if not all(titles) or len(titles) != 2:
                problems.append(f"supplier chart: axis titles {titles}")
            if any(axis.truncateLabels() for axis in chart.axes()):
                problems.append("supplier chart: month labels are cut to fit")
            if page.chart.height() < page.chart.minimumHeight():
                problems.append("supplier chart: below its minimum height")
    assert problems == [], "\n".join(problems)


def test_the_window_goes_down_to_1024_by_640(shell: Shell) -> None:
    hint = shell.window.minimumSizeHint()
    assert hint.width() <= 1024 and hint.height() <= 640


def test_text_at_one_and_a_half_times_still_fits_1366_by_728_and_shows_every_placeholder(
    qtbot: QtBot, qapp: QApplication, demo_profile: profiles.Profile, pool: WorkerPool, notifier: Notifier
) -> None:
    normal = qapp.font()
    large = QFont(normal)
    large.setPointSizeF(normal.pointSizeF() * 1.5)
    qapp.setFont(large)
    opened = session.open_session(demo_profile, PASSPHRASE)
    built = app.build_shell(opened, pool=pool, notifier=notifier, profile_service=ProfileService(pool))
    try:
        qtbot.add_widget(built.window)
        built.window.show()
        built.window.resize(1366, 728)
        QApplication.processEvents()
        assert (built.window.width(), built.window.height()) == (1366, 728)
        cut: list[str] = []
        for kind in LookupKind:
            built.window.show_page(kind)
            QApplication.processEvents()
            for edit in built.window.pages[kind].findChildren(QLineEdit):
                needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
                if edit.isVisible() and edit.placeholderText() and edit.contentsRect().width() < needed:
                    cut.append(f"{kind.value}: {edit.placeholderText()!r}")
        assert cut == []
    finally:
        built.close()
        qapp.setFont(normal)
