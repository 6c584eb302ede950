"""The crash hook logs the traceback to a file and shows plain words, never the trace."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from workstation import crash, messages
from workstation.views.crash_dialog import CrashDialog


def test_crash_is_logged_and_shown_without_a_traceback(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    log = tmp_path / "logs" / "crash.log"
    shown: list[CrashDialog] = []

    def show(path: str) -> None:
        dialog = CrashDialog(path)
        qtbot.add_widget(dialog)
        dialog.open()
        shown.append(dialog)

    hook = crash.make_hook(log, show)
    try:
        raise ValueError("secret internals")
    except ValueError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert "Traceback" in log.read_text() and "secret internals" in log.read_text()
    [dialog] = shown
    texts = [label.text() for label in dialog.findChildren(type(dialog.path))]
    assert messages.CRASH in texts and str(log) in texts
    assert not any("Traceback" in t or "secret internals" in t for t in texts)
    assert [r.levelname for r in caplog.records] == ["ERROR"]
    dialog.close()
