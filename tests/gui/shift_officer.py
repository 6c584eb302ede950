"""A scripted officer's shift in the real application, run as a process of its own.

``python -m tests.gui.shift_officer RESULT.json [MINUTES]`` runs ``workstation --demo``
(:func:`workstation.app.run_gui`: the demo ledger node and witness as child processes, the
crash hook, the quit signals) on a clock that runs ``SCALE`` times faster than the wall
clock: the application's clock (the ``clock`` every service is given) and its periodic
timers (the banner's age tick, ``shell.AGE_TICK_MS``; auto-sync, ``auto_sync.MINUTE_MS``)
are scaled together, so a shift of ``MINUTES`` simulated minutes takes seconds and every
timer fires many times. Nothing else is replaced.

The officer works the keyboard as at the counter, in rounds until the simulated time is
up: each lookup, a sync while typing, the History, Settings (auto-sync every minute), and
once a report drafted, approved with the DEMO key, exported and verified. After each step
it looks for a dialog nobody asked for. It writes what it saw to ``RESULT.json`` and then
leaves the application running: the test ends it with SIGTERM.
"""

from __future__ import annotations

import gc
import json
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit, QMessageBox, QWidget
from shiboken6 import isValid

from workstation import app, shell
from workstation.lookups.kind import LookupKind
from workstation.services import auto_sync
from workstation.services.lookup_service import LookupAnswer
from workstation.shell import Shell
from workstation.views.approve_report_dialog import ApproveReportDialog
from workstation.views.draft_report_dialog import DraftReportDialog
from workstation.views.form_page import FormPage
from workstation.views.main_window import MainWindow
from workstation.views.origin_page import OriginPage
from workstation.views.settings_dialog import SettingsDialog
from workstation.views.verify_report_dialog import VerifyReportDialog

#: Simulated seconds per wall-clock second.
SCALE = 30
AS_OF = "2025-06-30"
WAIT_S = 90.0


class ScaledClock:
    """POSIX seconds that run ``SCALE`` times faster than the wall clock, from the real time at start."""

    def __init__(self) -> None:
        self._start = time.time()
        self._t0 = time.monotonic()

    def __call__(self) -> int:
        return int(self._start + (time.monotonic() - self._t0) * SCALE)

    def simulated_seconds(self) -> int:
        return int((time.monotonic() - self._t0) * SCALE)


class OfficerError(RuntimeError):
    """A step did not reach the state it waits for."""


@dataclass
class Shift:
    """What the officer saw."""

    steps: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    verdicts: list[str] = field(default_factory=list)
    status_changes: int = 0
    syncs_finished: int = 0
    syncs_failed: int = 0
    simulated_seconds: int = 0


def wait_until(predicate: Callable[[], bool], what: str, timeout: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise OfficerError(f"waited {timeout:.0f} s for {what}")
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def pause(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.01)


def closed(widget: QWidget) -> bool:
    """Hidden, or already deleted (a dialog deletes itself on close)."""
    return not isValid(widget) or not widget.isVisible()


def retype(edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClick(edit, Qt.Key.Key_Delete)
    QTest.keyClicks(edit, text)


class Officer:
    def __init__(self, clock: ScaledClock, minutes: int, result: Path, workdir: Path) -> None:
        self.clock = clock
        self.minutes = minutes
        self.result = result
        self.workdir = workdir
        self.shift = Shift()
        self.asked: set[int] = set()  # the dialogs the officer opened
        self.shell: Shell | None = None

    # ------------------------------------------------------------------ the run

    def begin(self) -> None:
        try:
            self.wait_for_window()
            self.work()
        except Exception:  # noqa: BLE001 - everything the officer met goes into the result
            self.shift.problems.append("the officer could not go on:\n" + traceback.format_exc())
        self.shift.simulated_seconds = self.clock.simulated_seconds()
        self.result.write_text(json.dumps(self.shift.__dict__, indent=2), encoding="utf-8")

    def wait_for_window(self) -> None:
        wait_until(lambda: self.window() is not None, "the main window", timeout=240)
        found = [o for o in gc.get_objects() if isinstance(o, Shell)]
        if len(found) != 1:
            raise OfficerError(f"expected one open shell, found {len(found)}")
        shell_ = self.shell = found[0]
        shell_.state.changed.connect(self._count_status)
        shell_.sync.finished.connect(self._count_sync)
        shell_.sync.failed.connect(self._count_sync_failure)
        wait_until(lambda: "entries" in self.main().banner.checkpoint_label.text(), "the first sync")
        self.step("window up, first sync done")

    def work(self) -> None:
        rounds = 0
        while rounds < 2 or self.clock.simulated_seconds() < self.minutes * 60:
            rounds += 1
            self.origin("E-1031")
            self.licence()
            self.product()
            self.supplier_while_syncing()
            self.history()
            if rounds == 1:
                self.settings(auto_sync_minutes=1)
                self.report()
            self.origin("E-1002")
            self.step(f"round {rounds} done at {self.clock.simulated_seconds() // 60} simulated minutes")
        pause(3)  # idle at the desk: only the timers run
        self.look_for_unasked_dialogs("idle")

    # ------------------------------------------------------------------ helpers

    def window(self) -> MainWindow | None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        return windows[0] if windows else None

    def main(self) -> MainWindow:
        window = self.window()
        if window is None:
            raise OfficerError("the main window is gone")
        return window

    def the_shell(self) -> Shell:
        if self.shell is None:
            raise OfficerError("no shell")
        return self.shell

    def step(self, text: str) -> None:
        self.shift.steps.append(f"[{self.clock.simulated_seconds():>6} s] {text}")
        self.look_for_unasked_dialogs(text)

    def look_for_unasked_dialogs(self, after: str) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and id(widget) not in self.asked:
                text = widget.text() if isinstance(widget, QMessageBox) else ""
                self.shift.problems.append(
                    f"after {after!r}: a dialog nobody asked for: {widget.windowTitle()!r} {text}"
                )
                widget.close()

    def _count_status(self, _status: object) -> None:
        self.shift.status_changes += 1

    def _count_sync(self, _result: object) -> None:
        self.shift.syncs_finished += 1

    def _count_sync_failure(self, exc: object) -> None:
        self.shift.syncs_failed += 1
        self.shift.problems.append(f"a sync failed: {exc}")

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        """A key pressed in the main window (made the active window first, as the officer's click would)."""
        window = self.main()
        if QApplication.activeWindow() is not window:
            window.activateWindow()
            window.raise_()
            wait_until(lambda: QApplication.activeWindow() is window, "the main window to be active", timeout=10)
        QTest.keyClick(QApplication.focusWidget() or window, key, modifiers)

    def open_page(self, kind: LookupKind, key: Qt.Key) -> FormPage:
        self.press(key, Qt.KeyboardModifier.ControlModifier)
        page = self.main().pages[kind]
        if not isinstance(page, FormPage) or self.main().tabs.currentWidget() is not page:
            raise OfficerError(f"Ctrl+{key.name[-1]} did not open the {kind.value} page")
        return page

    def run_lookup(self, page: FormPage, edit: QLineEdit, label: str) -> None:
        done: list[str] = []

        def finished(answer: LookupAnswer) -> None:
            done.append(answer.outcome.verdict.status.value)

        def failed(exc: Exception) -> None:
            done.append(f"failed: {exc}")

        page.service.finished.connect(finished)
        page.service.input_refused.connect(failed)
        page.service.no_verdict.connect(failed)
        try:
            QTest.keyClick(edit, Qt.Key.Key_Return)
            wait_until(lambda: bool(done), f"the verdict of {label}")
        finally:
            page.service.finished.disconnect(finished)
            page.service.input_refused.disconnect(failed)
            page.service.no_verdict.disconnect(failed)
        self.shift.verdicts.append(f"{label}: {done[0]}")
        if done[0].startswith("failed"):
            self.shift.problems.append(f"{label}: {done[0]}")
        self.step(f"{label} -> {done[0]}")

    # ------------------------------------------------------------------ the officer's steps

    def origin(self, entry: str) -> None:
        page = self.open_page(LookupKind.ORIGIN, Qt.Key.Key_1)
        assert isinstance(page, OriginPage)
        form = page.filed_form
        retype(form.fields["entry"], entry)
        retype(form.fields["as_of"], AS_OF)
        self.run_lookup(page, form.fields["as_of"], f"origin {entry}")

    def licence(self) -> None:
        page = self.open_page(LookupKind.LICENCE, Qt.Key.Key_2)
        values = {"mark": "LARKSPUR", "shipper": "Hilos del Valle", "facility": "F-SV-013", "goods": "hoodies",
                  "hs": "6110.30", "making_country": "SV", "ship_date": "2025-03-01", "as_of": AS_OF}  # fmt: skip
        for name, text in values.items():
            retype(page.form.fields[name], text)
        self.run_lookup(page, page.form.fields["as_of"], "license chain")

    def product(self) -> None:
        page = self.open_page(LookupKind.PRODUCT, Qt.Key.Key_3)
        form = page.form
        retype(form.fields["profile"], "LS-STR-01")
        retype(form.fields["season"], "SS25")
        QTest.keyClick(form.fields["season"], Qt.Key.Key_Tab)  # Tab out: the profile's features are fetched
        wait_until(lambda: "features.upper_material" in form.fields, "the product profile's feature fields")
        values = {"colourway": "BKE", "serial": "LS25S700001", "factory": "F-MX-017", "entry": "E-2201",
                  "importer": "Harborline", "date": "2025-05-07", "features.quarter_panel_spi": "9",
                  "features.upper_material": "recycled polyester knit"}  # fmt: skip
        for name, text in values.items():
            if name in form.fields:
                retype(form.fields[name], text)
        self.run_lookup(page, form.fields["features.upper_material"], "product check")

    def supplier_while_syncing(self) -> None:
        page = self.open_page(LookupKind.SUPPLIER, Qt.Key.Key_4)
        party = page.form.fields["party"]
        self.press(Qt.Key.Key_F5)  # a sync starts while the officer types
        retype(party, "Talleres Ocotillo")
        retype(page.form.fields["as_of"], AS_OF)
        if party.text() != "Talleres Ocotillo":
            self.shift.problems.append(f"typed 'Talleres Ocotillo', the field holds {party.text()!r}")
        self.run_lookup(page, page.form.fields["as_of"], "supplier history (typed during a sync)")
        wait_until(lambda: not self.the_shell().sync.running, "the sync to end")

    def history(self) -> None:
        self.press(Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        table = self.main().history.table
        wait_until(lambda: table.model().rowCount() > 0, "the History rows")
        table.setFocus()
        table.selectRow(0)
        self.step(f"history shows {table.model().rowCount()} checks")

    def open_dialog(self, trigger: Callable[[], None], kind: type[QDialog], what: str) -> QDialog:
        trigger()
        wait_until(
            lambda: any(isinstance(w, kind) and w.isVisible() for w in QApplication.topLevelWidgets()), what, timeout=30
        )
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible())
        self.asked.add(id(dialog))  # a dialog this step opened is one the officer asked for
        return dialog

    def settings(self, auto_sync_minutes: int) -> None:
        dialog = self.open_dialog(
            lambda: self.press(Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier),
            SettingsDialog,
            "the Settings dialog",
        )
        assert isinstance(dialog, SettingsDialog)
        dialog.interval.setFocus()
        dialog.interval.selectAll()
        QTest.keyClicks(dialog.interval, str(auto_sync_minutes))
        QTest.keyClick(dialog.interval, Qt.Key.Key_Return)
        wait_until(lambda: closed(dialog), "Settings to save and close")
        wait_until(lambda: self.the_shell().auto_sync.interval_minutes == auto_sync_minutes, "auto-sync to apply")
        self.step(f"settings saved: auto-sync every {auto_sync_minutes} min")

    def report(self) -> None:
        shell_ = self.the_shell()
        reports, view = shell_.reports, shell_.reports_view
        if reports is None or view is None:
            raise OfficerError("the reports are not wired")
        draft = self.open_dialog(
            lambda: self.press(Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier),
            DraftReportDialog,
            "the Draft report dialog",
        )
        assert isinstance(draft, DraftReportDialog)
        drafted: list[object] = []
        reports.drafted.connect(drafted.append)
        QTest.keyClicks(draft.remarks, "Checked at the counter during the shift.")
        QTest.mouseClick(draft.submit_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: bool(drafted), "the draft")
        report_id = drafted[0].report_id  # type: ignore[attr-defined]  # a StoredReport, read by name only
        wait_until(lambda: view.select(report_id), "the draft in the Reports tab")
        self.step(f"drafted {report_id}")

        approve = self.open_dialog(
            lambda: QTest.mouseClick(view.approve_button, Qt.MouseButton.LeftButton),
            ApproveReportDialog,
            "the Approve dialog",
        )
        assert isinstance(approve, ApproveReportDialog)
        QTest.mouseClick(approve.demo_button, Qt.MouseButton.LeftButton)
        wait_until(approve.approve_button.isEnabled, "the DEMO key to be read")
        approved: list[object] = []
        reports.approved.connect(approved.append)
        QTest.mouseClick(approve.approve_button, Qt.MouseButton.LeftButton)
        wait_until(lambda: bool(approved), "the approval")
        self.step(f"approved {report_id}")

        target = self.workdir / f"{report_id}.pdf"
        wait_until(lambda: view.select(report_id) and view.export_button.isEnabled(), "Export to be offered")
        export = self.open_dialog(
            lambda: QTest.mouseClick(view.export_button, Qt.MouseButton.LeftButton), QFileDialog, "the Export dialog"
        )
        assert isinstance(export, QFileDialog)
        export.selectFile(str(target))
        export.accept()
        wait_until(target.exists, "the exported PDF")
        self.step(f"exported {target.name}")

        verify = self.open_dialog(
            lambda: self.press(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier),
            VerifyReportDialog,
            "the Verify dialog",
        )
        assert isinstance(verify, VerifyReportDialog)
        verify.verify_path(str(target))
        wait_until(lambda: verify.headline.text().startswith(("✓", "✗")), "the verification")
        if not verify.headline.text().startswith("✓"):
            self.shift.problems.append(f"the exported report did not verify: {verify.headline.text()}")
        self.step(f"verified: {verify.headline.text()}")
        QTest.keyClick(verify, Qt.Key.Key_Escape)
        wait_until(lambda: closed(verify), "the Verify dialog to close")


def main(argv: list[str]) -> int:
    result = Path(argv[1])
    minutes = int(argv[2]) if len(argv) > 2 else 12
    shell.AGE_TICK_MS = 30_000 // SCALE  # the banner's age: every 30 simulated seconds
    auto_sync.MINUTE_MS = 60_000 // SCALE
    clock = ScaledClock()
    qapp = QApplication.instance() or QApplication([argv[0]])
    officer = Officer(clock, minutes, result, result.parent)
    QTimer.singleShot(0, officer.begin)
    code = app.run_gui(["workstation", "--demo"], clock=clock)
    del qapp
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
