"""F1 help: the guide opens from the main window, links work by keyboard, Find searches every page, Esc closes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import ShellMaker
from trade import explanations
from trade.verdicts import Finding, Reason, Verdict
from workstation import guide
from workstation.views.help_dialog import HelpDialog
from workstation.views.result_panel import ResultPanel


def _open_guide_with_f1(qtbot: QtBot, make_shell: ShellMaker) -> HelpDialog:
    shell = make_shell()
    window = shell.window
    window.show()
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.wait_until(lambda: shell.help_dialog is not None and shell.help_dialog.isVisible())
    assert shell.help_dialog is not None
    return shell.help_dialog


def test_f1_opens_the_guide_and_a_reason_code_is_reached_by_keyboard_then_esc_closes_it(
    qtbot: QtBot, make_shell: ShellMaker
) -> None:
    dialog = _open_guide_with_f1(qtbot, make_shell)
    assert dialog.accessibleName() == "User guide"
    assert dialog.browser.accessibleName() == "User guide page"
    assert dialog.browser.isReadOnly()
    assert dialog.browser.page_name == guide.HOME
    # Tab to the second link of the contents ("What each reason code means") and follow it with Enter.
    dialog.browser.setFocus()
    qtbot.keyClick(dialog.browser, Qt.Key.Key_Tab)
    qtbot.keyClick(dialog.browser, Qt.Key.Key_Tab)
    assert dialog.browser.textCursor().selectedText() == "What each reason code means"
    with qtbot.wait_signal(dialog.browser.sourceChanged):
        qtbot.keyClick(dialog.browser, Qt.Key.Key_Return)
    assert dialog.browser.page_name == guide.REASON_CODES
    assert dialog.contents.currentItem().text() == "What each reason code means"
    shown = dialog.browser.toPlainText()
    for code in ("REVOKED_AFTER_CLAIM", "SERIAL_DUPLICATE", "NO_LICENCE", "WITHHOLDING"):
        assert code in shown and explanations.explain(code).meaning in shown
    with qtbot.wait_signal(dialog.finished):
        qtbot.keyClick(dialog.browser, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


# The offscreen platform can neither raise windows nor propagate size hints: not our warnings.
@pytest.mark.qt_log_ignore("This plugin does not support raise", "This plugin does not support propagateSizeHints")
def test_f1_again_raises_the_open_guide_instead_of_opening_another(qtbot: QtBot, make_shell: ShellMaker) -> None:
    dialog = _open_guide_with_f1(qtbot, make_shell)
    shell_window = dialog.parentWidget()
    assert shell_window is not None
    qtbot.keyClick(shell_window, Qt.Key.Key_F1)
    assert [w for w in shell_window.findChildren(HelpDialog) if w.isVisible()] == [dialog]
    dialog.close()


def test_f1_on_a_selected_check_opens_the_guide_at_that_reason_code(qtbot: QtBot, make_shell: ShellMaker) -> None:
    shell = make_shell()
    window = shell.window
    window.show()
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    panel = window.tabs.currentWidget().findChild(ResultPanel)
    assert panel is not None
    panel.model.set_verdict(Verdict.judge([Finding(Reason.SERIAL_DUPLICATE, "LS25S700001 was seen before")], ()))
    panel.table.setFocus()
    panel.table.selectRow(0)
    qtbot.wait_until(panel.table.hasFocus)
    qtbot.keyClick(panel.table, Qt.Key.Key_F1)
    qtbot.wait_until(lambda: shell.help_dialog is not None and shell.help_dialog.isVisible())
    assert shell.help_dialog is not None
    assert shell.help_dialog.browser.page_name == guide.REASON_CODES
    assert shell.help_dialog.browser.source().fragment() == "SERIAL_DUPLICATE"
    shell.help_dialog.close()


def test_find_searches_the_following_pages_and_says_when_nothing_matches(qtbot: QtBot) -> None:
    dialog = HelpDialog(guide.read_guide())
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.show_code("BLANKET_NOT_COVERING")
    assert dialog.browser.source().fragment() == "BLANKET_NOT_COVERING"
    qtbot.keyClicks(dialog.find_box, "Stale")
    qtbot.keyClick(dialog.find_box, Qt.Key.Key_Return)
    assert dialog.browser.page_name == "banner.html"
    assert dialog.browser.textCursor().selectedText() == "Stale"
    assert dialog.find_status.text() == ""
    dialog.find_box.clear()
    qtbot.keyClicks(dialog.find_box, "no such words anywhere")
    qtbot.keyClick(dialog.find_box, Qt.Key.Key_Return)
    assert dialog.find_status.text() == "Not found"
    assert dialog.browser.page_name == "banner.html"
    dialog.close()


def test_choosing_a_page_in_the_contents_opens_it_and_outside_links_lead_nowhere(qtbot: QtBot) -> None:
    dialog = HelpDialog(guide.read_guide())
    qtbot.add_widget(dialog)
    dialog.show()
    dialog.contents.setCurrentRow(3)
    assert dialog.browser.page_name == "reports.html"
    assert "How a report is verified" in dialog.browser.toPlainText()
    dialog.show_page("https://example.org/elsewhere.html")
    assert dialog.browser.toPlainText() == "This link leads outside the user guide."
    dialog.close()
