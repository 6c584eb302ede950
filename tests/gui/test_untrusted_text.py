"""Text from outside is shown as plain text everywhere: no widget renders officer input or ledger text as markup.

The demo ledger (served over loopback, synced once into a real encrypted profile) gets one
more CBP-signed registration renaming a supplier to markup, and the officer types markup
into free-text fields. Every lookup page runs, a report is drafted with markup remarks and
approved with the DEMO key, the history, reports and verify views are filled, a message box
is raised; then every widget of every window is walked: a label, a tooltip (of a widget or
of an item), a message box or a chart title that Qt would read as rich text must not hold
the raw markup. The approved PDF's visible text (``pdftotext``) holds the literal characters.
"""

from __future__ import annotations

import gc
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.helpers.synced_profile import synced_profile
from trade import demo
from trade.demo import documents, generator
from trade.demo.parties import BY_ID
from workstation import app, profiles, session
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import LicenceQuery, LookupQuery, OriginByEntry, ProductQuery, SupplierQuery
from workstation.reports import keystore
from workstation.reports.workflow import StoredReport
from workstation.services.lookup_service import LookupAnswer
from workstation.services.notifier import Notice, Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views.verify_report_dialog import VerifyReportDialog

PASSPHRASE = "demo officer passphrase"
WAIT_MS = 30_000
HEADLINE = "<h1 style='color:green'>VERIFIED OK</h1>"
IMAGE = "<img src=file:///etc/passwd>"
MARKUP = f"{HEADLINE}{IMAGE}"
#: What must never reach Qt's rich-text engine unescaped.
RAW = ("<h1", "<img")
SUPPLIER = "P-OCOTILLO"
AS_OF = date(2025, 6, 30)


@pytest.fixture(scope="module")
def markup_profile(tmp_path_factory: pytest.TempPathFactory) -> profiles.Profile:
    """The demo ledger plus a CBP-signed registration renaming ``SUPPLIER`` to markup, synced once."""
    ledger = demo.generate()
    party = replace(BY_ID[SUPPLIER], legal_name=f"Talleres Ocotillo {MARKUP}")
    renamed = documents.registration(party, ledger.keys.party(SUPPLIER).did)
    entry = generator.rfc8785.dumps(generator._secure(renamed, ledger.keys, ledger.seed))
    root = tmp_path_factory.mktemp("profiles")
    return synced_profile(root, "demo-markup", [*ledger.entries, entry], ledger.cbp_issuer)


@pytest.fixture
def shell(qtbot: QtBot, markup_profile: profiles.Profile, pool: WorkerPool, notifier: Notifier) -> Iterator[Shell]:
    opened = session.open_session(markup_profile, PASSPHRASE)
    built = app.build_shell(opened, pool=pool, notifier=notifier, profile_service=ProfileService(pool))
    qtbot.add_widget(built.window)
    built.window.resize(1280, 900)
    built.window.show()
    yield built
    built.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # delete the closed dialogs and window now
    gc.collect()  # and what they held, before the next test counts references


QUERIES: tuple[LookupQuery, ...] = (
    OriginByEntry("E-1031"),
    LicenceQuery.from_json({
        "shipper": f"Hilos del Valle {MARKUP}", "facility": "F-SV-013", "mark": "LARKSPUR", "hs": "6110.30",
        "goods": f"hoodies {MARKUP}", "making_country": "SV", "ship_date": "2025-03-01", "market": "US",
    }),
    SupplierQuery(SUPPLIER),
    ProductQuery.from_json({
        "profile": "LS-STR-01", "season": "SS25", "colourway": f"BKE {MARKUP}", "date": "2025-05-07",
        "serial": "LS25S700001", "factory": "F-MX-017",
        "features": {"quarter_panel_spi": 9, "upper_material": f"knit {MARKUP}"},
    }),
)  # fmt: skip


def _run_every_lookup(qtbot: QtBot, shell: Shell) -> LookupOutcome:
    """Each lookup through its page, as the officer runs it; the product check (last) is the one reported on."""
    outcome = None
    for query in QUERIES:
        page = shell.window.pages[query.kind]
        shell.window.tabs.setCurrentWidget(page)
        page.fill(query, AS_OF)
        answers: list[object] = []
        for signal in (page.service.finished, page.service.input_refused, page.service.no_verdict):
            signal.connect(answers.append)
        page.form.submit()
        qtbot.wait_until(lambda answers=answers: bool(answers), timeout=WAIT_MS)
        if isinstance(answers[0], LookupAnswer):
            outcome = answers[0].outcome
    assert outcome is not None and outcome.kind is LookupKind.PRODUCT
    return outcome


def _approved_report(qtbot: QtBot, shell: Shell, outcome: LookupOutcome) -> StoredReport:
    reports = shell.reports
    assert reports is not None
    with qtbot.wait_signal(reports.drafted, timeout=WAIT_MS) as drafted:
        reports.draft(outcome, f"remarks {MARKUP}")
    report = drafted.args[0]
    with qtbot.wait_signal(reports.approved, timeout=WAIT_MS) as approved:
        reports.approve(report.report_id, str(keystore.demo_key_path()), None)
    stored = approved.args[0]
    assert isinstance(stored, StoredReport) and stored.pdf is not None
    return stored


# ---------------------------------------------------------------------------- the walk


def _tooltip_ok(text: str) -> bool:
    """Qt shows a tooltip as rich text when it looks like markup: then no raw markup may be in it."""
    return not QtGuiNamespace.mightBeRichText(text) or not any(r in text for r in RAW)


def _items(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[QModelIndex]:
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        for column in range(model.columnCount(parent)):
            index = model.index(row, column, parent)
            yield index
            if column == 0 and model.rowCount(index) > 0:
                yield from _items(model, index)


def _problems(root: QWidget) -> tuple[list[str], int]:
    """What renders outside text as markup under ``root``, and how many places showed the markup at all."""
    problems: list[str] = []
    seen = 0
    for widget in [root, *root.findChildren(QWidget)]:
        name = f"{type(widget).__name__} {widget.objectName()!r}"
        if "VERIFIED OK" in widget.toolTip():
            seen += 1
            if not _tooltip_ok(widget.toolTip()):
                problems.append(f"tooltip of {name}")
        if isinstance(widget, QLabel) and "VERIFIED OK" in widget.text():
            seen += 1
            rich = widget.textFormat() == Qt.TextFormat.RichText or (
                widget.textFormat() == Qt.TextFormat.AutoText and QtGuiNamespace.mightBeRichText(widget.text())
            )
            if rich and any(r in widget.text() for r in RAW):
                problems.append(f"label {name}")
        if isinstance(widget, QTextEdit | QPlainTextEdit) and "VERIFIED OK" in widget.toPlainText():
            seen += 1
            if not all(r in widget.toPlainText() for r in RAW):  # shown as markup, the tags would be gone
                problems.append(f"text {name}")
        if isinstance(widget, QChartView) and "VERIFIED OK" in widget.chart().title():
            seen += 1
            if any(r in widget.chart().title() for r in RAW):  # a chart title is always HTML
                problems.append(f"chart title of {name}")
        if isinstance(widget, QAbstractItemView) and not isinstance(widget, QHeaderView) and widget.model():
            for index in _items(widget.model()):
                tip = index.data(Qt.ItemDataRole.ToolTipRole)
                shown = index.data(Qt.ItemDataRole.DisplayRole)
                if isinstance(shown, str) and "VERIFIED OK" in shown:
                    seen += 1
                if isinstance(tip, str) and "VERIFIED OK" in tip:
                    seen += 1
                    if not _tooltip_ok(tip):
                        problems.append(f"item tooltip ({index.row()}, {index.column()}) of {name}")
    return problems, seen


def _walk_dialog(shell: Shell, open_it: Callable[[], object]) -> tuple[list[str], int]:
    """Open one of the shell's dialogs, walk it, close it."""
    open_it()
    QApplication.processEvents()
    dialog = shell.dialog
    assert dialog is not None
    found = _problems(dialog)
    dialog.close()
    QApplication.processEvents()
    return found


def test_no_widget_renders_outside_text_as_markup(
    qtbot: QtBot, shell: Shell, notifier: Notifier, tmp_path: Path
) -> None:
    outcome = _run_every_lookup(qtbot, shell)
    reports, view = shell.reports, shell.reports_view
    assert reports is not None and view is not None
    with qtbot.wait_signal(reports.drafted, timeout=WAIT_MS) as drafted:
        reports.draft(outcome, f"remarks {MARKUP}")
    draft = drafted.args[0]
    with qtbot.wait_signal(reports.returned, timeout=WAIT_MS) as returned:
        reports.return_to_officer(draft.report_id, f"comment {MARKUP}")
    returned_report = returned.args[0]
    problems: list[str] = []
    seen = 0
    for open_it in (
        shell.window.draft_report_requested.emit,  # the last check's summary, markup in it
        lambda: view.revise_requested.emit(returned_report),  # the supervisor's comment in the prompt
        lambda: view.return_requested.emit(returned_report),
        lambda: view.approve_requested.emit(returned_report),  # the report's content in the intro
        shell.window.settings_requested.emit,
        shell.window.evidence_requested.emit,
    ):
        found, count = _walk_dialog(shell, open_it)
        problems += found
        seen += count
    report = _approved_report(qtbot, shell, outcome)
    shell.window.tabs.setCurrentWidget(shell.window.history)
    shell.window.history.refresh()
    qtbot.wait_until(lambda: shell.window.history.table.model().rowCount() >= len(QUERIES), timeout=WAIT_MS)
    shell.window.history.table.selectRow(0)
    assert view.select(report.report_id)
    shell.window.verify_report_requested.emit()
    dialog = shell.dialog
    assert isinstance(dialog, VerifyReportDialog)
    path = tmp_path / "report.pdf"
    path.write_bytes(report.pdf or b"")
    with qtbot.wait_signal(reports.verified, timeout=WAIT_MS):
        dialog.verify_path(str(path))
    notifier.error.emit(Notice(f"the node said {MARKUP}", details=f"body: {MARKUP}"))  # a message box
    notifier.info.emit(Notice(f"the node said {MARKUP}"))  # the status bar (plain text by construction)
    QApplication.processEvents()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]

    for window in {shell.window, dialog, *boxes}:
        found, count = _problems(window)
        problems += found
        seen += count
    for box in boxes:
        box.close()
    dialog.close()
    assert problems == [], "\n".join(problems)
    assert seen >= 12, "the markup reached the widgets (or this test checks nothing)"
    assert boxes and "VERIFIED OK" in shell.window.statusBar().currentMessage()


def test_report_pdfs_print_outside_text_literally(qtbot: QtBot, shell: Shell, tmp_path: Path) -> None:
    outcome = _run_every_lookup(qtbot, shell)
    report = _approved_report(qtbot, shell, outcome)
    path = tmp_path / "report.pdf"
    path.write_bytes(report.pdf or b"")
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "remarks <h1 style='color:green'>VERIFIED OK</h1><img src=file:///etc/passwd>" in flat
