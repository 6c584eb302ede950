"""A line edit that completes ledger keys (party names, marks, certificate ids, HS codes...) as the officer types."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from workstation.services.lookup_service import Completions, LookupService

#: (key, label) -> the text the field takes.
ToText = Callable[[str, str], str]
_DEBOUNCE_MS = 150


def key_text(key: str, _label: str) -> str:
    return key


class CompletingLineEdit(QLineEdit):
    """Asks ``service`` for keys of ``kind`` a moment after each edit and offers them in a popup.

    Return (or Enter) with the popup open takes the highlighted suggestion and then asks for the
    form to run: one Return, as when no popup is open.

    Args:
        service: answers :meth:`LookupService.complete` with ``completions(Completions)``.
        kind: the key kind (``party``, ``mark``, ``certificate``, ``hs``, ``entry``, ``profile``...).
        tag: tells this field's answers from the others' (default: the object name given later, or kind).
        to_text: the text a (key, label) pair completes to (parties complete to their names).
        prefix_of: the prefix asked for, from the typed text (a season asks for "<profile> <typed>").
    """

    #: Return was pressed in the open popup (after the suggestion, if any, was taken).
    submit_requested = Signal()

    def __init__(
        self,
        service: LookupService,
        kind: str,
        tag: str,
        *,
        to_text: ToText = key_text,
        prefix_of: Callable[[str], str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._kind = kind
        self._tag = tag
        self._to_text = to_text
        self._prefix_of = prefix_of or (lambda text: text)
        self._wanted: str | None = None
        self.suggestions = QStringListModel(self)
        self._completer = QCompleter(self.suggestions, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self._completer)
        popup = self._completer.popup()  # made here: the completer's filter is on it, ours runs first
        assert popup is not None
        popup.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_DEBOUNCE_MS)
        self._timer.timeout.connect(self.request_completions)
        self.textEdited.connect(self._on_self_text_edited)
        service.completions.connect(self._on_service_completions)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            watched is self._completer.popup()
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            QTimer.singleShot(0, self.submit_requested.emit)  # once the completer has filled in its choice
        return super().eventFilter(watched, event)

    @Slot(str)
    def _on_self_text_edited(self, _text: str) -> None:
        self._timer.start()

    @Slot()
    def request_completions(self) -> None:
        """Ask for keys matching the current text now (the debounce timer calls this)."""
        self._timer.stop()
        self._wanted = self.text()
        self._service.complete(self._kind, self._prefix_of(self.text().strip()), self._tag)

    def cancel_completion(self) -> None:
        """Drop pending and arriving suggestions (the form ran or was cleared)."""
        self._timer.stop()
        self._wanted = None
        popup = self._completer.popup()
        if popup is not None and popup.isVisible():
            popup.hide()

    @Slot(Completions)
    def _on_service_completions(self, found: Completions) -> None:
        if found.tag != self._tag or self._wanted is None or self._wanted != self.text():
            return
        texts = list(dict.fromkeys(self._to_text(key, label) for key, label in found.pairs))
        self.suggestions.setStringList([t for t in texts if t != self.text()])
        if texts and self.hasFocus() and self.isEnabled():
            self._completer.complete()
