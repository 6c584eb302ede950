"""The keyboard-driven form of a lookup page: fields checked as typed, Enter runs, Esc clears.

Each field's error is shown under it as plain text; an ``InputError`` from the lookup
("party: no registered party ...") is put under the field its ``field`` names.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from workstation.lookups.inputs import InputError
from workstation.plain_text import tooltip
from workstation.services.lookup_service import LookupService
from workstation.views import field_checks, mnemonics, theme
from workstation.views.completing_line_edit import CompletingLineEdit, ToText, key_text

_RUN_TEXT = "&Check"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field.

    Attributes:
        name: the input member it fills (and the name an ``InputError`` uses for it).
        label: the label, with its mnemonic (``&Party``).
        check: the as-typed check of a non-empty value.
        required: an empty value is refused when the form runs.
        placeholder: the hint shown while empty.
        default: the value after Esc (called each time: "today" moves on).
        today: the value after Esc is the profile's today (``LookupService.today``), not ``default``.
        completion: the key kind it completes on, if any.
        to_text: what a completion fills in.
        aliases: other field names an ``InputError`` may use for it.
        prefix_from: complete on "<that field's text> <typed text>" (a season completes after its profile).
    """

    name: str
    label: str
    check: field_checks.Check = field_checks.anything
    required: bool = True
    placeholder: str = ""
    default: Callable[[], str] = lambda: ""
    completion: str | None = None
    to_text: ToText = key_text
    aliases: tuple[str, ...] = ()
    prefix_from: str | None = None
    today: bool = False


_HINT = "Enter: check · Esc: clear · Ctrl+1…4: lookups"
_CLEARED_HINT = "Form cleared. Ctrl+Z brings the values back."


@dataclass(frozen=True, slots=True)
class FormValues:
    """What the officer typed, by field name (stripped; "" when empty)."""

    texts: Mapping[str, str]


class LookupForm(QWidget):
    """Fields in a form layout, a *Check* button and a *Clear* button.

    Esc (or *Clear*) resets the fields to their defaults; Ctrl+Z right after brings back what
    was there (the hint line under the buttons says so until the officer types again).

    Signals:
        submitted(FormValues): every field is usable.
        cleared(): Esc or *Clear* reset the form.
    """

    submitted = Signal(FormValues)
    cleared = Signal()

    def __init__(self, service: LookupService, specs: list[FieldSpec], tag: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._tag = tag
        self.specs: dict[str, FieldSpec] = {}
        self.fields: dict[str, QLineEdit] = {}
        self.errors: dict[str, QLabel] = {}
        self._boxes: dict[str, QVBoxLayout] = {}
        self._layout = QFormLayout()
        self._layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        theme.set_tone(self.message, "tone", "error")
        self.message.hide()
        self.run_button = QPushButton(_RUN_TEXT, self)
        self.run_button.setToolTip("Run the check (Enter)")
        self.clear_button = QPushButton("C&lear", self)
        self.clear_button.setToolTip("Clear the form (Esc)")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.run_button)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(self._layout)
        outer.addWidget(self.message)
        outer.addLayout(buttons)
        self.hint = hint = QLabel(_HINT, self)
        hint.setWordWrap(True)
        theme.set_tone(hint, "tone", "muted")
        outer.addWidget(hint)
        self._before_clear: dict[str, str] | None = None
        outer.addStretch(1)
        for spec in specs:
            self.add_field(spec)
        self.run_button.clicked.connect(self.submit)
        self.clear_button.clicked.connect(self.clear)

    def add_field(self, spec: FieldSpec) -> QLineEdit:
        """Add a field at the end of the form (before the buttons in the tab order)."""
        if spec.completion is not None:
            source = spec.prefix_from
            prefix_of = (lambda text: f"{self.fields[source].text().strip()} {text}") if source else None
            edit: QLineEdit = CompletingLineEdit(
                self._service,
                spec.completion,
                f"{self._tag}.{spec.name}",
                to_text=spec.to_text,
                prefix_of=prefix_of,
                parent=self,
            )
        else:
            edit = QLineEdit(self)
        if isinstance(edit, CompletingLineEdit):
            edit.submit_requested.connect(self.submit)
        edit.installEventFilter(self)  # Ctrl+Z right after a clear
        edit.textEdited.connect(self._forget_clear)
        edit.setObjectName(spec.name)
        edit.setPlaceholderText(spec.placeholder)
        margins = 2 * edit.fontMetrics().averageCharWidth() + 12  # frame and text margins: a placeholder is never cut
        edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance(spec.placeholder) + margins)
        edit.setText(self._default(spec))
        error = QLabel(self)
        error.setTextFormat(Qt.TextFormat.PlainText)
        error.setWordWrap(True)
        theme.set_tone(error, "tone", "error")
        error.hide()
        box = QVBoxLayout()
        box.setSpacing(1)
        box.addWidget(edit)
        box.addWidget(error)
        text = spec.label
        if mnemonics.letter_of(text) is None:  # a label made at run time (a product feature) takes a free letter
            text = mnemonics.with_free_mnemonic(text, self._letters())
        label = QLabel(text, self)
        label.setBuddy(edit)
        self._layout.addRow(label, box)
        self.specs[spec.name] = spec
        self.fields[spec.name] = edit
        self.errors[spec.name] = error
        self._boxes[spec.name] = box
        edit.textChanged.connect(lambda _text, name=spec.name: self._check(name, strict=False))
        self._retab()
        return edit

    def _default(self, spec: FieldSpec) -> str:
        return self._service.today().isoformat() if spec.today else spec.default()

    def _letters(self) -> set[str]:
        """The mnemonic letters this form's labels and buttons use (a field added later takes another)."""
        texts = [w.text() for w in self.findChildren(QLabel)] + [_RUN_TEXT, self.clear_button.text()]
        return {letter for text in texts if (letter := mnemonics.letter_of(text)) is not None}

    def remove_field(self, name: str) -> None:
        """Remove a field (and its label and error line)."""
        self.fields.pop(name)
        self.errors.pop(name)
        self.specs.pop(name)
        self._layout.removeRow(self._boxes.pop(name))
        self._retab()

    def _retab(self) -> None:
        chain: list[QWidget] = [*self.fields.values(), self.run_button, self.clear_button]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def values(self) -> dict[str, str]:
        return {name: edit.text().strip() for name, edit in self.fields.items()}

    def set_values(self, values: dict[str, str]) -> None:
        for name, edit in self.fields.items():
            if name in values:
                edit.setText(values[name])

    def _check(self, name: str, *, strict: bool) -> bool:
        spec, text = self.specs[name], self.fields[name].text().strip()
        if not text:
            problem = f"{spec.name.replace('_', ' ')}: needed" if strict and spec.required else None
        else:
            problem = spec.check(text)
        self.show_field_error(name, problem)
        return problem is None

    def show_field_error(self, name: str, problem: str | None) -> None:
        label = self.errors[name]
        label.setText(problem or "")
        label.setVisible(bool(problem))
        self.fields[name].setToolTip(tooltip(problem or ""))

    def show_message(self, text: str) -> None:
        """A plain-text message under the fields (an error not about one field)."""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_input_error(self, error: InputError) -> None:
        """Put an ``InputError`` under the field it is about, or under the form."""
        message = str(error)
        for name, spec in self.specs.items():
            if error.field in (name, *spec.aliases):
                self.show_field_error(name, message)
                self.fields[name].setFocus()
                self.fields[name].selectAll()
                return
        self.show_message(message)

    @Slot()
    def submit(self) -> None:
        """Check every field; when all are usable, emit ``submitted``."""
        if not self.run_button.isEnabled():
            return
        self._stop_completion()
        self.show_message("")
        bad = [name for name in self.fields if not self._check(name, strict=True)]
        if bad:
            self.fields[bad[0]].setFocus()
            return
        self.submitted.emit(FormValues(MappingProxyType(self.values())))

    @Slot()
    def clear(self) -> None:
        before = self.values()
        self._stop_completion()
        for name, edit in self.fields.items():
            edit.setText(self._default(self.specs[name]))
            self.show_field_error(name, None)
        self.show_message("")
        self.focus_first_field()
        if before != self.values():
            self._before_clear = before
            self.hint.setText(_CLEARED_HINT)
        self.cleared.emit()

    @property
    def can_undo_clear(self) -> bool:
        """Ctrl+Z would bring back what the last clear removed."""
        return self._before_clear is not None

    @Slot()
    def undo_clear(self) -> bool:
        """Put back the values the last clear removed; False when there is nothing to put back."""
        before, self._before_clear = self._before_clear, None
        self.hint.setText(_HINT)
        if before is None:
            return False
        self.set_values(before)
        return True

    @Slot()
    def _forget_clear(self) -> None:
        if self._before_clear is not None:
            self._before_clear = None
            self.hint.setText(_HINT)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """In a field, Ctrl+Z right after a clear undoes the clear (the field's own undo is empty then)."""
        undo = (
            self._before_clear is not None
            and event.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
        )
        if undo:
            if event.type() == QEvent.Type.KeyPress:
                self.undo_clear()
            event.accept()
            return True
        return super().eventFilter(watched, event)

    def _stop_completion(self) -> None:
        for edit in self.fields.values():
            if isinstance(edit, CompletingLineEdit):
                edit.cancel_completion()

    def focus_first_field(self) -> None:
        if self.fields:
            first = next(iter(self.fields.values()))
            first.setFocus()
            first.selectAll()

    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        self.run_button.setText("Checking…" if busy else _RUN_TEXT)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit()
            return
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)
