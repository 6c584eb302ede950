"""The History page as a desk tool: columns in words, search and filters, re-runs that say what changed,
copy (text and HTML), CSV and JSON export, print to a real PDF and print preview on Letter.

A real encrypted profile is synced once with the demo ledger over loopback HTTP;
the checks in the audit log are real lookups run on it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from workstation import profiles, session
from workstation.lookups.context import LookupContext
from workstation.lookups.queries import OriginByEntry, SupplierQuery
from workstation.models.findings_model import FindingsModel
from workstation.models.history_model import HistoryTableModel
from workstation.services.history_rows import HistoryRow
from workstation.services.history_service import HistoryService
from workstation.services.worker import WorkerPool
from workstation.views.history_view import HistoryView
from workstation.views.result_panel import ResultPanel
from workstation.views.table_export import letter_printer, print_table

PASSPHRASE = "demo officer passphrase"
TODAY = date(2026, 12, 7)
WAIT_MS = 30_000
#: Mnemonics the main window already uses: the menus (File, View, Help) and the tabs.
WINDOW_MNEMONICS = {"F", "V", "H", "O", "L", "P", "S", "Y", "R"}


def _open_demo(root: Path) -> session.Session:
    ledger = demo.generate()
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish()
    profile = profiles.Profile.named("desk-officer", root=root)
    with serve(served) as url:
        settings = profiles.ProfileSettings(url, trust, 0)
        opened = session.open_session(profile, PASSPHRASE, new_settings=settings)
        opened.client().sync()
    runner = opened.lookups()
    runner.run(OriginByEntry("E-1031"), date(2025, 1, 15))  # PASS then; revoked after the claim later
    runner.run(OriginByEntry("E-1002"), date(2025, 6, 30))  # FAIL BLANKET_NOT_COVERING
    runner.run(OriginByEntry("E-1008"), date(2025, 6, 30))  # REVIEW HS_EDITION_CHANGE
    runner.run(SupplierQuery("P-NOPAL", None), date(2025, 6, 30))
    opened.audit.record(  # a check from an earlier year, with a name that must stay plain text
        at=1_600_000_000,
        officer="night shift",
        action="check licence",
        input={"shipment": "S-<b>9</b>", "mark": "=HYPERLINK(1)", "as_of": "2020-09-13"},
        verdict="NOT_FOUND",
        checkpoint_size=12,
        result={"reasons": ["NO_LICENCE"], "verdict": "NOT_FOUND"},
    )
    return opened


@pytest.fixture(scope="module")
def demo_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[session.Session]:
    """The demo profile for tests that only read the history (re-runs add lines: they get their own)."""
    opened = _open_demo(tmp_path_factory.mktemp("profiles"))
    yield opened
    opened.close()


@pytest.fixture
def own_session(tmp_path: Path) -> Iterator[session.Session]:
    opened = _open_demo(tmp_path / "profiles")
    yield opened
    opened.close()


def _view(qtbot: QtBot, opened: session.Session, pool: WorkerPool) -> HistoryView:
    service = HistoryService(opened.audit, pool, opened.lookups)
    page = HistoryView(service, HistoryTableModel(), today=lambda: TODAY)
    service.setParent(page)
    qtbot.add_widget(page)
    page.resize(1200, 700)
    page.show()
    with qtbot.wait_signal(service.loaded, timeout=WAIT_MS):
        page.refresh()
    return page


@pytest.fixture
def view(qtbot: QtBot, demo_session: session.Session, pool: WorkerPool) -> HistoryView:
    return _view(qtbot, demo_session, pool)


def shown(view: HistoryView, column: int) -> list[str]:
    return [str(view.proxy.index(r, column).data()) for r in range(view.proxy.rowCount())]


def test_columns_say_when_who_what_and_the_verdict_in_words(view: HistoryView) -> None:
    assert view.model.HEADERS == ("When", "Who", "Lookup", "Key input", "As of", "Verdict", "Checkpoint size")
    assert view.proxy.rowCount() == 5
    assert shown(view, 3)[0] == "party P-NOPAL"  # newest first
    assert "entry E-1031, line 1" in shown(view, 3)
    assert shown(view, 6)[0] == "1,076"
    assert shown(view, 4)[0] == "2025-06-30" and shown(view, 4)[-1] == "2020-09-13"
    assert shown(view, 1)[-1] == "night shift" and shown(view, 5)[-1] == "NOT_FOUND"
    assert view.status.text() == "5 checks."


def test_search_verdict_lookup_and_date_range_narrow_the_table(qtbot: QtBot, view: HistoryView) -> None:
    qtbot.keyClicks(view.search, "e-1002")
    assert shown(view, 3) == ["entry E-1002, line 1"]
    assert view.status.text() == "1 of 5 checks match the filters."
    view.search.clear()
    view.verdict_filter.setCurrentIndex(view.verdict_filter.findData("REVIEW"))
    assert shown(view, 3) == ["entry E-1008, line 1"]
    view.verdict_filter.setCurrentIndex(0)
    view.lookup_filter.setCurrentIndex(view.lookup_filter.findData("licence"))
    assert shown(view, 1) == ["night shift"]
    view.lookup_filter.setCurrentIndex(0)
    view.until_edit.setDate(QDate(2021, 1, 1))
    assert shown(view, 1) == ["night shift"]
    view.until_edit.setDate(QDate(2000, 1, 1))  # back to "any"
    view.since_edit.setDate(QDate(2021, 1, 1))
    assert view.proxy.rowCount() == 4 and "night shift" not in shown(view, 1)
    qtbot.keyClicks(view.search, "blanket")  # reason codes are searched too
    assert shown(view, 3) == ["entry E-1002, line 1"]
    view.clear_button.click()
    assert view.proxy.rowCount() == 5 and view.search.text() == ""


def test_sorting_by_a_column(view: HistoryView) -> None:
    view.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    verdicts = shown(view, 5)
    assert verdicts == sorted(verdicts, key=str.casefold)
    view.table.sortByColumn(6, Qt.SortOrder.AscendingOrder)
    assert shown(view, 6)[0] == "12"


def test_run_again_as_of_its_date_then_as_of_today_says_what_changed(
    qtbot: QtBot, own_session: session.Session, pool: WorkerPool
) -> None:
    view = _view(qtbot, own_session, pool)
    qtbot.keyClicks(view.search, "E-1031")
    view.table.selectRow(0)
    row = view.selected_row()
    assert isinstance(row, HistoryRow) and row.verdict == "PASS" and row.as_of == date(2025, 1, 15)
    assert view.rerun_then_button.isEnabled() and view.rerun_today_button.isEnabled()
    with qtbot.wait_signal(view._service.rerun_finished, timeout=WAIT_MS) as then:
        qtbot.mouseClick(view.rerun_then_button, Qt.MouseButton.LeftButton)
    assert not then.args[0].changed
    assert view.status.text() == "Nothing changed."
    assert "Verdict unchanged: PASS." in view.detail.toPlainText()
    with qtbot.wait_signal(view._service.rerun_finished, timeout=WAIT_MS) as now:
        qtbot.mouseClick(view.rerun_today_button, Qt.MouseButton.LeftButton)
    comparison = now.args[0]
    assert comparison.as_of == TODAY and comparison.reasons_added == ("REVOKED_AFTER_CLAIM",)
    assert view.status.text() == "Changed since the first run."
    text = view.detail.toPlainText()
    assert "Verdict changed: PASS → FAIL." in text and "Reasons now given: REVOKED_AFTER_CLAIM." in text
    assert f"as of {TODAY.isoformat()}" in text


def test_a_line_that_is_not_a_lookup_cannot_be_run_again(qtbot: QtBot, view: HistoryView) -> None:
    view.lookup_filter.setCurrentIndex(view.lookup_filter.findData("licence"))
    view.table.selectRow(0)
    assert view.rerun_then_button.isEnabled()
    with qtbot.wait_signal(view._service.rerun_failed, timeout=WAIT_MS) as failed:
        view.rerun_then_button.click()
    assert failed.args[0].startswith("This check cannot be run again:")
    assert view.status.text() == failed.args[0]


def test_every_control_has_an_accessible_name_and_mnemonics_do_not_clash(view: HistoryView) -> None:
    controls = [
        view.table,
        view.detail,
        view.search,
        view.verdict_filter,
        view.lookup_filter,
        view.since_edit,
        view.until_edit,
        *view.findChildren(QAbstractButton),
    ]
    assert all(w.accessibleName() for w in controls if w.isVisible()), [
        type(w).__name__ for w in controls if not w.accessibleName()
    ]
    texts = [b.text() for b in view.findChildren(QAbstractButton)] + [lab.text() for lab in view.findChildren(QLabel)]
    letters = [m.group(1).upper() for t in texts for m in [re.search(r"&(\w)", t)] if m]
    assert len(letters) == len(set(letters)), letters
    assert not set(letters) & WINDOW_MNEMONICS, letters
    buddies = [lab.buddy() for lab in view.findChildren(QLabel) if "&" in lab.text()]
    assert all(isinstance(b, QWidget) for b in buddies) and len(buddies) == 5


def test_ctrl_c_copies_the_selection_as_text_and_html(qtbot: QtBot, view: HistoryView) -> None:
    view.lookup_filter.setCurrentIndex(view.lookup_filter.findData("licence"))
    view.table.selectRow(0)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QGuiApplication.clipboard().mimeData()
    lines = mime.text().splitlines()
    assert lines[0] == "When\tWho\tLookup\tKey input\tAs of\tVerdict\tCheckpoint size"
    assert lines[1].split("\t")[1:] == [
        "night shift",
        "licence",
        "shipment S-<b>9</b>, mark =HYPERLINK(1)",
        "2020-09-13",
        "NOT_FOUND",
        "12",
    ]
    html = mime.html()
    # Qt's offscreen platform crashes at exit while its clipboard holds data: leave it empty.
    QGuiApplication.clipboard().clear()
    assert "<td>shipment S-&lt;b&gt;9&lt;/b&gt;, mark =HYPERLINK(1)</td>" in html


def test_export_to_csv_and_json_writes_the_rows_shown(view: HistoryView, tmp_path: Path) -> None:
    view.verdict_filter.setCurrentIndex(view.verdict_filter.findData("FAIL"))
    written: list[str] = []
    view.table_actions.exported.connect(written.append)
    view.table_actions.export_to(tmp_path / "history.csv")
    view.table_actions.export_to(tmp_path / "history.json")
    rows = list(csv.reader(io.StringIO((tmp_path / "history.csv").read_text(encoding="utf-8"))))
    assert rows[0] == list(HistoryTableModel.HEADERS)
    assert [r[3] for r in rows[1:]] == ["entry E-1002, line 1"]
    data = json.loads((tmp_path / "history.json").read_text(encoding="utf-8"))
    assert data["columns"] == list(HistoryTableModel.HEADERS)
    assert [r["Verdict"] for r in data["rows"]] == ["FAIL"]
    assert written == [str(tmp_path / "history.csv"), str(tmp_path / "history.json")]
    failures: list[str] = []
    view.table_actions.export_failed.connect(failures.append)
    view.table_actions.export_to(tmp_path / "history.xlsx")
    assert failures == ["Cannot export to history.xlsx: choose a .csv or .json file."]


def test_a_formula_in_a_cell_is_exported_as_text(view: HistoryView, tmp_path: Path) -> None:
    view.lookup_filter.setCurrentIndex(view.lookup_filter.findData("licence"))
    view.table_actions.export_to(tmp_path / "licence.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "licence.csv").read_text(encoding="utf-8"))))
    assert rows[1][3] == "shipment S-<b>9</b>, mark =HYPERLINK(1)"  # starts with "s": left as written


def test_print_to_pdf_on_letter_and_read_it_back(view: HistoryView, tmp_path: Path) -> None:
    printer = letter_printer()
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.Letter
    pdf = tmp_path / "history.pdf"
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(pdf))
    print_table(view.table_actions.table(), printer)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Audit log: checks run on this workstation" in text
    assert "E-1031" in text and "night shift" in text and "NOT_FOUND" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert "612 x 792 pts (letter)" in info


def test_print_preview_opens_on_letter(qtbot: QtBot, view: HistoryView) -> None:
    dialog = view.table_actions.preview_dialog()
    painted: list[QPageSize.PageSizeId] = []  # read in the slot: the printer is the dialog's own
    dialog.paintRequested.connect(lambda printer: painted.append(printer.pageLayout().pageSize().id()))
    dialog.show()
    qtbot.wait_until(lambda: painted != [])
    assert painted[0] == QPageSize.PageSizeId.Letter
    assert "Audit log" in dialog.windowTitle()
    dialog.close()
    QApplication.processEvents()


def test_a_result_table_copies_exports_and_prints_like_the_history(
    qtbot: QtBot, demo_session: session.Session, tmp_path: Path
) -> None:
    panel = ResultPanel(FindingsModel())
    qtbot.add_widget(panel)
    outcome = demo_session.lookups().run(OriginByEntry("E-1002"), date(2025, 6, 30))
    panel.show_outcome(outcome, LookupContext())
    table = panel.table_actions.table()
    assert table.title == "Origin check as of 2025-06-30: FAIL"
    assert table.headers == ("Status", "Reason", "What the records say")
    assert any(row[1] == "BLANKET_NOT_COVERING" for row in table.rows)
    panel.table.clearSelection()
    panel.table_actions.copy()  # nothing selected: every row
    mime = QGuiApplication.clipboard().mimeData()
    copied, html = mime.text(), mime.html()
    QGuiApplication.clipboard().clear()  # see test_ctrl_c_copies_the_selection_as_text_and_html
    assert copied.splitlines()[0] == "Status\tReason\tWhat the records say" and "BLANKET_NOT_COVERING" in copied
    assert "<caption>Origin check as of 2025-06-30: FAIL</caption>" in html
    panel.table_actions.export_to(tmp_path / "result.json")
    data = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert data["title"] == table.title and len(data["rows"]) == len(table.rows)
    assert {a.text() for a in panel.table.actions()} >= {"&Copy", "Export to CS&V…", "Print pre&view…"}
