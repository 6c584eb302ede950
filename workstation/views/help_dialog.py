"""Help ▸ User guide (F1): the guide's pages in a read-only browser, with contents, links and search.

The pages come already read (a :class:`~workstation.guide.Guide`); the browser serves them from
memory, so following a link never touches the disk and links outside the guide go nowhere.
"""

from __future__ import annotations

from PySide6.QtCore import QUrl, Slot
from PySide6.QtGui import QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workstation import guide as guide_pages
from workstation.guide import Guide


class GuideBrowser(QTextBrowser):
    """A read-only browser whose only documents are the guide's pages."""

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guide = guide
        self.setOpenExternalLinks(False)
        self.setOpenLinks(True)
        self.setReadOnly(True)
        self.setAccessibleName("User guide page")

    def loadResource(self, kind: int, name: QUrl | str) -> object:  # noqa: N802 - Qt's name
        if kind == QTextDocument.ResourceType.HtmlResource.value:
            page = self._guide.page(QUrl(name).fileName())
            if page is not None:
                return page.html
            return "<p>This link leads outside the user guide.</p>"
        return super().loadResource(kind, name)

    @property
    def page_name(self) -> str:
        return self.source().fileName()


class HelpDialog(QDialog):
    """The user guide: contents on the left, the page on the right, a Find box above; Esc closes it."""

    def __init__(self, guide: Guide, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.guide = guide
        self.setWindowTitle("User guide")
        self.setAccessibleName("User guide")
        self.browser = GuideBrowser(guide, self)
        self.contents = QListWidget(self)
        self.contents.setAccessibleName("Guide contents")
        self.contents.addItems([page.title for page in guide.pages])
        self.find_box = QLineEdit(self)
        self.find_box.setPlaceholderText("Find in the guide (Enter: next match)")
        self.find_box.setAccessibleName("Find in the user guide")
        self.find_label = QLabel("&Find:", self)
        self.find_label.setBuddy(self.find_box)
        self.find_status = QLabel("", self)
        self.find_status.setAccessibleName("Find result")
        find_row = QHBoxLayout()
        find_row.addWidget(self.find_label)
        find_row.addWidget(self.find_box, 1)
        find_row.addWidget(self.find_status)
        splitter = QSplitter(self)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([220, 640])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(find_row)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.contents.currentRowChanged.connect(self._on_contents_current_row_changed)
        self.browser.sourceChanged.connect(self._on_browser_source_changed)
        self.find_box.returnPressed.connect(self.find_next)
        self.resize(900, 640)
        self.show_page(guide_pages.HOME)

    def show_page(self, name: str, anchor: str = "") -> None:
        """Open a page of the guide (and an anchor in it, such as a reason code)."""
        url = QUrl(name)
        if anchor:
            url.setFragment(anchor)
        self.browser.setSource(url)

    def show_code(self, code: str) -> None:
        """Open the reason-code page at ``code``."""
        self.show_page(guide_pages.REASON_CODES, code)

    @Slot()
    def find_next(self) -> None:
        """The next match of the Find text: on this page, then on the following pages, wrapping round."""
        words = self.find_box.text().strip()
        if not words:
            self.find_status.setText("")
            return
        if self.browser.find(words):
            self.find_status.setText("")
            return
        names = [page.name for page in self.guide.pages]
        here = names.index(self.browser.page_name) if self.browser.page_name in names else -1
        found = self.guide.pages_containing(words)
        following = [n for n in names[here + 1 :] + names[: here + 1] if n in found]
        if not following:
            self.find_status.setText("Not found")
            return
        if following[0] != self.browser.page_name:
            self.show_page(following[0])
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)
        self.browser.find(words)
        self.find_status.setText("")

    @Slot(int)
    def _on_contents_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.guide.pages) and self.guide.pages[row].name != self.browser.page_name:
            self.show_page(self.guide.pages[row].name)

    @Slot(QUrl)
    def _on_browser_source_changed(self, url: QUrl) -> None:
        names = [page.name for page in self.guide.pages]
        if url.fileName() in names:
            self.contents.blockSignals(True)
            self.contents.setCurrentRow(names.index(url.fileName()))
            self.contents.blockSignals(False)
