"""Copy, export and print any table view: Ctrl+C (text and HTML), CSV, JSON, print and print preview.

:class:`TableActions` adds the actions to a ``QTableView`` (its context menu and
its shortcuts). The table is read as shown (sorted and filtered by a proxy, hidden
columns left out); the writing is done by :mod:`workstation.services.table_export`.
Printing lays the table out as an HTML document on Letter paper unless the
platform's print dialog changes it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QMimeData, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QFileDialog, QTableView, QWidget

from workstation.services import table_export
from workstation.services.table_export import Table

#: Asks where to save: (parent, caption, name filter) → a path, or None when cancelled.
FileChooser = Callable[[QWidget, str, str], Path | None]

_WRITERS: dict[str, Callable[[Table], str]] = {".csv": table_export.to_csv, ".json": table_export.to_json}


def _ask_save_path(parent: QWidget, caption: str, name_filter: str) -> Path | None:
    chosen, _filter = QFileDialog.getSaveFileName(parent, caption, "", name_filter)
    return Path(chosen) if chosen else None


def table_of(view: QTableView, title: str, *, selected_only: bool = False) -> Table:
    """The view's table as shown: visible columns, rows in the view's order (only the selected ones if asked)."""
    model = view.model()
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    if selected_only and view.selectionModel() is not None:
        rows = sorted({index.row() for index in view.selectionModel().selectedIndexes()})
    else:
        rows = list(range(model.rowCount()))
    cells = [[_text(model.index(r, c).data()) for c in columns] for r in rows]
    return Table.of(title, headers, cells)


def _text(value: object) -> str:
    return "" if value is None else str(value)


def letter_printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    """A printer set to US Letter, portrait (the platform's dialog may change it)."""
    printer = QPrinter(mode)
    _set_letter(printer)
    return printer


def _set_letter(printer: QPrinter) -> None:
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.Letter))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)


def document_of(table: Table) -> QTextDocument:
    """The table as a printable document (cells escaped by the exporter)."""
    document = QTextDocument()
    document.setHtml(f"<h2>{html.escape(table.title)}</h2>{table_export.to_html(table)}")
    return document


def print_table(table: Table, printer: QPrinter) -> None:
    """Lay the table out on ``printer`` (a real printer, or a PDF file when its output file name is set)."""
    document_of(table).print_(printer)


class TableActions(QObject):
    """The copy, export and print actions of one table view.

    Args:
        view: the table.
        title: what the table shows (a caption on paper and in exports).
        choose_file: where to save (the platform's save dialog unless a test gives another).

    Signals:
        exported(str): a file was written (its path).
        export_failed(str): it could not be written (a plain sentence).
    """

    exported = Signal(str)
    export_failed = Signal(str)

    def __init__(
        self,
        view: QTableView,
        title: str | Callable[[], str],
        *,
        choose_file: FileChooser = _ask_save_path,
    ) -> None:
        super().__init__(view)
        self._view = view
        self._title = title
        self._choose_file = choose_file
        self.copy_action = self._action("&Copy", self.copy, QKeySequence.StandardKey.Copy)
        self.copy_all_action = self._action("Copy &all rows", self.copy_all)
        self.csv_action = self._action("Export to CS&V…", lambda: self.ask_and_export(".csv"))
        self.json_action = self._action("Export to &JSON…", lambda: self.ask_and_export(".json"))
        self.print_action = self._action("&Print…", self.print_with_dialog, QKeySequence.StandardKey.Print)
        self.preview_action = self._action("Print pre&view…", self.preview)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def _action(self, text: str, slot: Callable[[], None], shortcut: QKeySequence.StandardKey | None = None) -> QAction:
        action = QAction(text, self._view)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self._view.addAction(action)
        return action

    @property
    def title(self) -> str:
        return self._title() if callable(self._title) else self._title

    def table(self, *, selected_only: bool = False) -> Table:
        return table_of(self._view, self.title, selected_only=selected_only)

    @Slot()
    def copy(self) -> None:
        """The selected rows (all rows when none is selected) to the clipboard, as TSV and as HTML."""
        table = self.table(selected_only=self._view.selectionModel().hasSelection())
        _to_clipboard(table)

    @Slot()
    def copy_all(self) -> None:
        _to_clipboard(self.table())

    def export_to(self, path: Path) -> None:
        """Write every shown row to ``path``: CSV or JSON by its suffix."""
        writer = _WRITERS.get(path.suffix.lower())
        if writer is None:
            self.export_failed.emit(f"Cannot export to {path.name}: choose a .csv or .json file.")
            return
        try:
            path.write_text(writer(self.table()), encoding="utf-8", newline="")
        except OSError as exc:
            self.export_failed.emit(f"Could not write {path}: {exc.strerror or exc}.")
            return
        self.exported.emit(str(path))

    def ask_and_export(self, suffix: str) -> None:
        name_filter = "CSV files (*.csv)" if suffix == ".csv" else "JSON files (*.json)"
        chosen = self._choose_file(self._view, f"Export {self.title}", name_filter)
        if chosen is None:
            return
        self.export_to(chosen if chosen.suffix else chosen.with_suffix(suffix))

    @Slot()
    def print_with_dialog(self) -> None:
        printer = letter_printer()
        dialog = QPrintDialog(printer, self._view)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            print_table(self.table(), printer)

    def preview_dialog(self) -> QPrintPreviewDialog:
        """A print preview of the table on Letter paper (not shown yet)."""
        table = self.table()
        dialog = QPrintPreviewDialog(self._view)  # its own printer: one given here would outlive no Python name
        _set_letter(dialog.printer())
        dialog.setWindowTitle(f"Print preview — {table.title}")
        dialog.paintRequested.connect(lambda printer: print_table(table, printer))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        return dialog

    @Slot()
    def preview(self) -> None:
        self.preview_dialog().open()


def _to_clipboard(table: Table) -> None:
    mime = QMimeData()
    mime.setText(table_export.to_tsv(table))
    mime.setHtml(table_export.to_html(table))
    QGuiApplication.clipboard().setMimeData(mime)
