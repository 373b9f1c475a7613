"""In the import report: imported articles that the article list's search keeps out of view."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget


def hidden_text(count: int, filter_words: str) -> str:
    """'2 articles of this import are hidden by the article list's search “tax”.'"""
    if count == 1:
        return f"1 article of this import is hidden by the article list's {filter_words}."
    return f"{count:,} articles of this import are hidden by the article list's {filter_words}."


class HiddenArticlesNotice(QWidget):
    """Which imported articles the list hides, and a button that clears its search to show them.

    The report lists every file whatever the list shows; this says why one is not in the list.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importHiddenNotice")
        self._show: Callable[[], None] | None = None
        self.label = QLabel(self)
        self.label.setObjectName("importHiddenText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # the search is the user's text
        self.label.setWordWrap(True)
        # Named for what it is for; the tooltip and the text above say what it clears.
        self.button = QPushButton("Show in the list", self)
        self.button.setObjectName("importShowInList")
        self.button.setAccessibleName("Show in the article list")
        self.button.setToolTip(
            "Clear the article list's search and filters, and select the imported article"
        )
        self.button.clicked.connect(self._clicked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()

    def offer(self, count: int, filter_words: str, show: Callable[[], None]) -> None:
        self._show = show
        self.label.setText(hidden_text(count, filter_words))
        self.show()

    def _clicked(self) -> None:
        if self._show is not None:
            self._show()
        self.hide()  # done: they are in the list now
