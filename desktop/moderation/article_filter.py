"""The queue's article filter: type part of a title, choose among a few suggestions.

A list of every article with comments cost 0.35 s at each change of status with 99,000 of
them; this reads a few (CommentService.article_choices) in the background as someone types,
one read per pause in the typing, of which only the newest is shown.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from database.services.comments import CommentService, FilterChoice
from database.statuses import CommentStatus
from desktop.operations import Newest, op

log = logging.getLogger(__name__)

SUGGEST_DELAY_MS = 120
ARTICLE_ROLE = Qt.ItemDataRole.UserRole
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1
PLACEHOLDER = "All articles (type a title)"


class ArticleFilter(QLineEdit):
    """Which article the queue is narrowed to: None, or one chosen from the suggestions.

    The text shows the chosen article's title; an edit that chose nothing goes back to it
    when the field is left (or Escape is pressed), and an empty field means every article.
    """

    chosen = Signal()  # a person chose another article, or none

    def __init__(
        self,
        comments: CommentService,
        status: Callable[[], CommentStatus | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("commentArticleFilter")
        self.setAccessibleName("Article")
        self.setPlaceholderText(PLACEHOLDER)
        self.setClearButtonEnabled(True)
        self._comments = comments
        self._status = status
        self._article_id: int | None = None
        self._label = ""
        self._reads = Newest()
        self._labels = Newest()
        self.suggestions = QStandardItemModel(self)
        completer = QCompleter(self.suggestions, self)
        completer.setObjectName("commentArticleSuggestions")
        # The database has matched the words already, anywhere in the title.
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        completer.setCompletionRole(TITLE_ROLE)
        completer.activated[QModelIndex].connect(self._suggestion_chosen)
        self.setCompleter(completer)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(SUGGEST_DELAY_MS)
        self._pause.timeout.connect(self._suggest)
        self.textEdited.connect(self._edited)
        self.returnPressed.connect(self._return_pressed)

    # What is chosen ----------------------------------------------------------------------

    def article_id(self) -> int | None:
        return self._article_id

    def label(self) -> str:
        return self._label

    def choose(self, article_id: int | None, label: str | None = None) -> None:
        """Show `article_id` as the chosen one (its title read in the background if not
        given); says nothing through `chosen`, which is for a person's choice."""
        self._article_id = article_id
        self._pause.stop()
        if article_id is None:
            self._show_label("")
        elif label is not None:
            self._show_label(label)
        else:
            self._show_label(f"Article {article_id}")
            self._read_label(article_id)

    def _read_label(self, article_id: int) -> None:
        comments, status = self._comments, self._status()

        def shown(choice: FilterChoice | None) -> None:
            if choice is not None and self._article_id == article_id:
                self._show_label(choice.label)

        self._labels.run(
            op(self, lambda: comments.article_choice(article_id, status))
            .success(shown)
            .failure(lambda error: log.warning("no title for article %s: %s", article_id, error))
        )

    def _show_label(self, label: str) -> None:
        self._label = label
        self.setText(label)
        self.setCursorPosition(0)  # a long title shows from its start
        self.setToolTip(label)

    def _choose_by_person(self, article_id: int | None, label: str) -> None:
        changed = article_id != self._article_id
        self.choose(article_id, label)
        self.completer().popup().hide()
        if changed:
            self.chosen.emit()

    # Typing ------------------------------------------------------------------------------

    def _edited(self, text: str) -> None:
        if text.strip():
            self._pause.start()
            return
        self._pause.stop()
        self.suggestions.clear()
        if self._article_id is not None:  # emptied (the clear button too): every article
            self._choose_by_person(None, "")

    def _suggest(self) -> None:
        typed, status, comments = self.text(), self._status(), self._comments
        if not typed.strip() or typed == self._label:
            return
        self._reads.run(
            op(self, lambda: comments.article_choices(typed, status))
            .success(lambda choices: self._offer(typed, choices))
            .failure(lambda error: log.warning("no article suggestions: %s", error))
        )

    def _offer(self, typed: str, choices: list[FilterChoice]) -> None:
        if self.text() != typed:
            return  # typed on meanwhile: that text's own suggestions follow
        self.suggestions.clear()
        for choice in choices:
            item = QStandardItem(f"{choice.label} ({choice.count:,})")
            item.setData(choice.value, ARTICLE_ROLE)
            item.setData(choice.label, TITLE_ROLE)
            item.setToolTip(choice.label)
            item.setEditable(False)
            self.suggestions.appendRow(item)
        completer = self.completer()
        if choices and self.hasFocus():
            completer.setCompletionPrefix(typed)
            completer.complete()
        else:
            completer.popup().hide()

    def _suggestion_chosen(self, index: QModelIndex | QPersistentModelIndex) -> None:
        article_id = index.data(ARTICLE_ROLE)
        if article_id is not None:
            self._choose_by_person(int(article_id), str(index.data(TITLE_ROLE)))

    def _return_pressed(self) -> None:
        """Enter without a suggestion highlighted: the first one, if the text is new."""
        if not self.text().strip():
            self._choose_by_person(None, "")
        elif self.text() != self._label and self.suggestions.rowCount():
            self._suggestion_chosen(self.suggestions.index(0, 0))

    # Leaving an edit that chose nothing ----------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text() != self._label:
            self._give_up_edit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        # The suggestions' popup takes the focus for a moment: that is not leaving.
        if event.reason() != Qt.FocusReason.PopupFocusReason and self.text() != self._label:
            self._give_up_edit()
        super().focusOutEvent(event)

    def _give_up_edit(self) -> None:
        self._pause.stop()
        self._reads.run(op(self, lambda: None))  # a read still on its way is of no use now
        self.suggestions.clear()
        self.completer().popup().hide()
        self._show_label(self._label)
