"""What a screen reader and the Tab key find: every page of the main window and every dialog it opens.

Fails on an interactive or content element without an accessible name, a form label that names
no field, and a focusable widget that Tab never reaches.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from tests.gui import test_lookup_pages
from tests.gui.conftest import ShellMaker
from tests.gui.test_lookup_pages import AS_OF, WAIT_MS
from tests.helpers import accessibility, keyboard
from workstation import profiles, session
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.services.lookup_service import LookupService
from workstation.services.profile_service import ProfileService
from workstation.services.report_service import ReportService, demo_key_path
from workstation.services.versions import Versions
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views.about_dialog import AboutDialog
from workstation.views.approve_report_dialog import ApproveReportDialog
from workstation.views.crash_dialog import CrashDialog
from workstation.views.demo_progress_dialog import DemoProgressDialog
from workstation.views.draft_report_dialog import DraftReportDialog
from workstation.views.first_run_dialog import FirstRunDialog
from workstation.views.form_page import FormPage
from workstation.views.licence_page import LicencePage
from workstation.views.origin_page import OriginPage
from workstation.views.product_page import ProductPage
from workstation.views.report_text_dialog import ReportTextDialog
from workstation.views.supplier_page import SupplierPage
from workstation.views.unlock_dialog import UnlockDialog

#: The demo profile, synced once per module (the fixture of the lookup page tests).
demo_session = test_lookup_pages.demo_session

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)")


@pytest.fixture
def window_shell(qtbot: QtBot, make_shell: ShellMaker) -> Shell:
    shell = make_shell()
    shell.window.show()
    qtbot.wait_exposed(shell.window)
    return shell


def _problems(window: QWidget, where: str) -> list[str]:
    QApplication.processEvents()
    found = [f"{where}: no name: {e}" for e in accessibility.unnamed(window)]
    found += [f"{where}: {e}" for e in accessibility.labels_without_buddy(window)]
    found += [f"{where}: Tab never reaches {e}" for e in accessibility.unreachable_by_tab(window)]
    return found


def test_every_page_of_the_main_window_is_named_labelled_and_reachable(qtbot: QtBot, window_shell: Shell) -> None:
    window = window_shell.window
    problems: list[str] = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        problems += _problems(window, window.tabs.tabText(index).replace("&", ""))
    origin = window.pages[LookupKind.ORIGIN]
    assert isinstance(origin, OriginPage)
    window.show_page(LookupKind.ORIGIN)
    origin.typed_button.click()
    problems += _problems(window, "origin, typed line")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("action", ["settings_action", "verify_report_action", "evidence_action"])
def test_every_dialog_is_named_labelled_and_reachable(qtbot: QtBot, window_shell: Shell, action: str) -> None:
    getattr(window_shell.window, action).trigger()
    qtbot.wait_until(lambda: isinstance(window_shell.dialog, QDialog) and window_shell.dialog.isVisible())
    dialog = window_shell.dialog
    assert dialog is not None
    problems = _problems(dialog, action)
    dialog.close()
    assert problems == [], "\n".join(problems)


# ---------------------------------------------------------------- pages with an answer, and the other dialogs


def _typed(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def _answered(qtbot: QtBot, page: FormPage, values: dict[str, str]) -> LookupOutcome:
    qtbot.add_widget(page)
    page.resize(1100, 700)
    page.show()
    for name, text in values.items():
        _typed(qtbot, page.form.fields[name], text)
    with qtbot.wait_signal(page.service.finished, timeout=WAIT_MS) as done:
        page.form.submit()
    outcome = done.args[0].outcome
    assert isinstance(outcome, LookupOutcome)
    return outcome


def test_every_lookup_page_with_its_answer_is_named_labelled_and_reachable(
    qtbot: QtBot, demo_session: session.Session, pool: WorkerPool
) -> None:
    problems: list[str] = []
    origin = OriginPage(LookupService(demo_session, pool))
    _answered(qtbot, origin, {"entry": "E-1031", "as_of": AS_OF})
    problems += _problems(origin, "origin")
    licence = LicencePage(LookupService(demo_session, pool))
    _answered(qtbot, licence, {"mark": "LARKSPUR", "shipper": "Hilos del Valle", "facility": "F-SV-013",
                                "goods": "hoodies", "hs": "6110.30", "making_country": "SV",
                                "ship_date": "2025-03-01", "as_of": AS_OF})  # fmt: skip
    problems += _problems(licence, "license chain")
    service = LookupService(demo_session, pool)
    product = ProductPage(service)
    qtbot.add_widget(product)
    product.show()
    _typed(qtbot, product.form.fields["profile"], "LS-STR-01")
    _typed(qtbot, product.form.fields["season"], "SS25")
    with qtbot.wait_signal(service.profile_described, timeout=WAIT_MS):
        product.form.fields["season"].editingFinished.emit()
    _answered(qtbot, product, {"colourway": "BKE", "features.quarter_panel_spi": "9"})
    problems += _problems(product, "product")
    supplier = SupplierPage(LookupService(demo_session, pool))
    _answered(qtbot, supplier, {"party": "Talleres Ocotillo", "as_of": AS_OF})
    problems += _problems(supplier, "supplier")
    assert problems == [], "\n".join(problems)


def test_the_start_report_and_about_dialogs_are_named_labelled_and_reachable(
    qtbot: QtBot, demo_session: session.Session, pool: WorkerPool, tmp_path: Path
) -> None:
    profile_service = ProfileService(pool)
    reports = ReportService(demo_session, pool)
    outcome = _answered(qtbot, OriginPage(LookupService(demo_session, pool)), {"entry": "E-1031", "as_of": AS_OF})
    with qtbot.wait_signal(reports.drafted, timeout=WAIT_MS) as drafted:
        reports.draft(outcome, "remarks")
    report = drafted.args[0]
    versions = Versions("1", "3.11", "6", "6", "4", "demo.customs-ledger.example/log")
    dialogs: dict[str, QDialog] = {
        "first run": FirstRunDialog(profile_service, profiles.Profile.named("new", root=tmp_path)),
        "unlock": UnlockDialog(profile_service, demo_session.profile),
        "about": AboutDialog(versions),
        "draft": DraftReportDialog(reports, outcome),
        "approve": ApproveReportDialog(reports, report, demo_key=demo_key_path()),
        "return": ReportTextDialog("Return report", "Comment for the officer:", "&Return to officer", required=True),
        "crash": CrashDialog(str(tmp_path / "crash.log")),
        "demo start": DemoProgressDialog(),
    }
    problems: list[str] = []
    for name, dialog in dialogs.items():
        qtbot.add_widget(dialog)
        dialog.show()
        problems += _problems(dialog, name)
        problems += [f"{name}: Alt+{k} is {', '.join(v)}" for k, v in keyboard.duplicates(dialog).items()]
        problems += [f"{name}: {w}" for w in accessibility.colored_style_sheets(dialog)]
        dialog.close()
    assert problems == [], "\n".join(problems)
