"""Colors come from the theme: no widget carries its own; High contrast (Settings) reaches the banner chips."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from tests.gui.conftest import Shell, ShellMaker, offline_fast_client
from tests.helpers import accessibility
from workstation.views import theme
from workstation.views.settings_dialog import SettingsDialog


@pytest.fixture
def app_theme(qapp: QApplication) -> Iterator[QApplication]:
    """The standard theme as ``workstation`` starts with it; put back after the test (the application is shared)."""
    theme.apply(qapp, theme.Theme.STANDARD)
    yield qapp
    theme.apply(qapp, theme.Theme.STANDARD)
    qapp.setStyleSheet("")


@pytest.fixture
def synced(qtbot: QtBot, make_shell: ShellMaker) -> Shell:
    shell = make_shell(client_factory=offline_fast_client)
    with qtbot.wait_signal(shell.sync.finished, timeout=20_000):
        shell.start()
    qtbot.wait_until(lambda: "entries" in shell.window.banner.checkpoint_label.text())
    return shell


def _luminance(color: QColor) -> float:
    return 0.2126 * color.redF() + 0.7152 * color.greenF() + 0.0722 * color.blueF()


def _chip_colors(label: QLabel) -> tuple[QColor, QColor]:
    """The chip's background (a corner inside its border) and its darkest or lightest text pixel."""
    image = label.grab().toImage()
    background = image.pixelColor(3, image.height() // 2)
    pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
    text = max(pixels, key=lambda c: abs(_luminance(c) - _luminance(background)))
    return background, text


def test_no_widget_of_the_window_or_settings_carries_a_color_of_its_own(
    qtbot: QtBot, app_theme: QApplication, synced: Shell
) -> None:
    synced.window.settings_action.trigger()
    qtbot.wait_until(lambda: isinstance(synced.dialog, SettingsDialog))
    assert synced.dialog is not None
    found = accessibility.colored_style_sheets(synced.window) + accessibility.colored_style_sheets(synced.dialog)
    synced.dialog.close()
    assert found == [], "\n".join(found)


def test_high_contrast_chosen_in_settings_reaches_the_banner_chips(
    qtbot: QtBot, app_theme: QApplication, synced: Shell
) -> None:
    banner = synced.window.banner
    chips = [banner.checkpoint_label, banner.age_label, banner.witness_label, banner.connection_label]
    standard = [_chip_colors(chip)[0] for chip in chips if chip.isVisible()]
    assert standard and all(_luminance(c) > 0.7 for c in standard)  # light chips on the standard theme

    synced.window.settings_action.trigger()
    qtbot.wait_until(lambda: isinstance(synced.dialog, SettingsDialog))
    dialog = synced.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.theme.setCurrentIndex(dialog.theme.findData(theme.Theme.HIGH_CONTRAST.value))
    assert theme.current(app_theme) is theme.Theme.HIGH_CONTRAST
    assert theme.load_choice(theme.choice_path()) is theme.Theme.HIGH_CONTRAST  # kept for the next start
    dialog.close()
    QApplication.processEvents()
    for chip in (c for c in chips if c.isVisible()):
        background, text = _chip_colors(chip)
        assert _luminance(background) < 0.1, chip.text()  # black, not the light tint
        assert _luminance(text) > 0.8, chip.text()  # white or yellow text
    window_bg = synced.window.palette().color(synced.window.backgroundRole())
    assert _luminance(window_bg) < 0.1
