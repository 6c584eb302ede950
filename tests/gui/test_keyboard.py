"""The keyboard alone: every Alt+letter does one thing in each window, page and dialog; Alt+F opens File everywhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMenu
from pytestqt.qtbot import QtBot

from tests.gui import test_lookup_pages
from tests.gui.conftest import ShellMaker
from tests.gui.test_lookup_pages import WAIT_MS
from tests.helpers import keyboard
from workstation import session
from workstation.lookups.kind import LookupKind
from workstation.services.lookup_service import LookupService
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views import mnemonics
from workstation.views.completing_line_edit import CompletingLineEdit
from workstation.views.origin_page import OriginPage
from workstation.views.product_page import ProductPage
from workstation.views.supplier_page import SupplierPage

#: The demo profile, synced once per module (the fixture of the lookup page tests).
demo_session = test_lookup_pages.demo_session


@pytest.fixture
def demo_service(demo_session: session.Session, pool: WorkerPool) -> LookupService:
    return LookupService(demo_session, pool)


@pytest.fixture
def window_shell(qtbot: QtBot, make_shell: ShellMaker) -> Shell:
    shell = make_shell()
    shell.window.show()
    qtbot.wait_exposed(shell.window)
    return shell


def test_no_page_of_the_main_window_offers_a_mnemonic_twice(qtbot: QtBot, window_shell: Shell) -> None:
    window = window_shell.window
    found: dict[str, dict[str, list[str]]] = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        found[window.tabs.tabText(index)] = keyboard.duplicates(window)
    origin = window.pages[LookupKind.ORIGIN]
    assert isinstance(origin, OriginPage)
    window.show_page(LookupKind.ORIGIN)
    origin.typed_button.click()
    QApplication.processEvents()
    found["origin, typed line"] = keyboard.duplicates(window)
    clashes = [
        f"{page}: Alt+{letter.upper()} is {', '.join(texts)}"
        for page, dups in found.items()
        for letter, texts in dups.items()
    ]
    assert clashes == [], "\n".join(clashes)


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)")
def test_alt_f_opens_the_file_menu_on_every_tab(qtbot: QtBot, window_shell: Shell) -> None:
    window = window_shell.window
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu) and file_menu.title() == "&File"
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        window.activateWindow()
        qtbot.wait_until(lambda: QApplication.activeWindow() is window)
        qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
        qtbot.wait_until(file_menu.isVisible, timeout=2_000)
        file_menu.hide()
        qtbot.wait_until(lambda: not file_menu.isVisible())


@pytest.mark.parametrize("action", ["settings_action", "verify_report_action", "evidence_action"])
def test_no_dialog_offers_a_mnemonic_twice(qtbot: QtBot, window_shell: Shell, action: str) -> None:
    getattr(window_shell.window, action).trigger()
    qtbot.wait_until(lambda: isinstance(window_shell.dialog, QDialog) and window_shell.dialog.isVisible())
    dialog = window_shell.dialog
    assert dialog is not None
    assert keyboard.duplicates(dialog) == {}
    dialog.close()


# ---------------------------------------------------------------- forms over the demo ledger


def _typed(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)


def test_the_product_feature_fields_get_free_mnemonics(qtbot: QtBot, demo_service: LookupService) -> None:
    page = ProductPage(demo_service)
    qtbot.add_widget(page)
    page.show()
    form = page.form
    _typed(qtbot, form.fields["profile"], "LS-STR-01")
    _typed(qtbot, form.fields["season"], "SS25")
    with qtbot.wait_signal(demo_service.profile_described, timeout=WAIT_MS):
        form.fields["season"].editingFinished.emit()  # what Tab out of the field does
    assert "features.upper_material" in form.fields
    labels = [label.text() for label in form.findChildren(QLabel) if label.buddy() is not None]
    assert len(labels) == len(form.fields) and all(keyboard.mnemonic(text) for text in labels), labels
    letters = keyboard.visible_mnemonics(page)
    assert {letter: texts for letter, texts in letters.items() if len(texts) > 1} == {}
    assert not set(letters) & mnemonics.WINDOW_LETTERS


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing the keyboard|propagateSizeHints)")
def test_return_with_the_completion_popup_open_takes_the_suggestion_and_runs_the_check(
    qtbot: QtBot, demo_service: LookupService
) -> None:
    page = SupplierPage(demo_service)
    qtbot.add_widget(page)
    page.show()
    party = page.form.fields["party"]
    assert isinstance(party, CompletingLineEdit)
    popup = party.completer().popup()
    _typed(qtbot, page.form.fields["as_of"], "2025-06-30")
    party.setFocus()
    with qtbot.wait_signal(demo_service.completions, timeout=WAIT_MS):
        qtbot.keyClicks(party, "talleres")
    qtbot.wait_until(popup.isVisible)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.wait_signal(demo_service.finished, timeout=WAIT_MS) as done:
        qtbot.keyClick(popup, Qt.Key.Key_Return)  # one Return: the suggestion is taken and the check runs
    assert party.text().startswith("Talleres Ocotillo ")  # the full registered name
    assert done.args[0].outcome.verdict.status.value == "REVIEW"


def test_escape_resets_as_of_to_the_profile_today_and_ctrl_z_brings_the_form_back(
    qtbot: QtBot, demo_service: LookupService
) -> None:
    page = OriginPage(demo_service)
    qtbot.add_widget(page)
    page.show()
    form = page.filed_form
    assert form.fields["as_of"].text() == "2025-06-30"  # the demo ledger's today, not the system date
    _typed(qtbot, form.fields["entry"], "E-1031")
    _typed(qtbot, form.fields["as_of"], "2025-01-15")
    qtbot.keyClick(form.fields["as_of"], Qt.Key.Key_Escape)
    assert form.fields["entry"].text() == "" and form.fields["as_of"].text() == "2025-06-30"
    assert "Ctrl+Z" in form.hint.text()
    qtbot.keyClick(form.fields["entry"], Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert form.fields["entry"].text() == "E-1031" and form.fields["as_of"].text() == "2025-01-15"
    assert "Ctrl+Z" not in form.hint.text()


def test_no_menu_offers_a_mnemonic_twice(window_shell: Shell) -> None:
    clashes = []
    for menu in window_shell.window.findChildren(QMenu):
        letters = [keyboard.mnemonic(a.text()) for a in menu.actions() if not a.isSeparator()]
        missing = [a.text() for a in menu.actions() if not a.isSeparator() and keyboard.mnemonic(a.text()) is None]
        repeated = {x for x in letters if x is not None and letters.count(x) > 1}
        if repeated or missing:
            clashes.append(f"{menu.title()}: repeated {sorted(repeated)}, without a letter {missing}")
    assert clashes == []


def test_escape_in_the_window_says_in_the_status_bar_how_to_undo(qtbot: QtBot, window_shell: Shell) -> None:
    window = window_shell.window
    window.show_page(LookupKind.ORIGIN)
    origin = window.pages[LookupKind.ORIGIN]
    assert isinstance(origin, OriginPage)
    entry = origin.filed_form.fields["entry"]
    qtbot.keyClicks(entry, "E-1031")
    qtbot.keyClick(entry, Qt.Key.Key_Escape)
    assert entry.text() == ""
    assert window.statusBar().currentMessage() == "Form cleared. Ctrl+Z brings the values back."
    qtbot.keyClick(entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert entry.text() == "E-1031"
