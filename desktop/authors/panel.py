"""The Authors area: the author list beside the profile of the one chosen, and its articles."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError, ValidationError
from database.services.authors import AuthorDetail
from desktop.authors import prompts
from desktop.authors.articles_view import AuthorArticlesView
from desktop.authors.delete_dialog import DeleteAuthorDialog
from desktop.authors.editor import ProfileEditor
from desktop.authors.list_pane import AuthorListPane, named_button
from desktop.authors.merge_dialog import MergeAuthorsDialog
from desktop.authors.profile_form import AuthorForm
from desktop.authors.prompts import UnsavedChoice
from desktop.context import AppContext
from desktop.plain_text import plain_label


class AuthorsPanel(QWidget):
    """List, search and edit author profiles; merge and delete them.

    `authorsChanged` follows every save, merge and delete, so that other views reload their
    author choices; `articleOpenRequested` carries the id of an article to open in the editor.
    `modifiedChanged` tells whether the open profile has unsaved changes (the window's Save
    follows it), `statusMessage` a confirmation for the status bar.
    """

    articleOpenRequested = Signal(int)
    authorsChanged = Signal()
    modifiedChanged = Signal(bool)
    statusMessage = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authorsPanel")
        self.setAccessibleName("Authors")
        self._editor = ProfileEditor(context.authors)
        self.list_pane = AuthorListPane(context.authors, self)
        self.list_pane.authorChosen.connect(self.select_author)
        self.list_pane.new_button.clicked.connect(self.new_author)
        self.list_pane.merge_button.clicked.connect(self._merge)
        self.list_pane.delete_button.clicked.connect(self._delete)
        # The controls tests and automation reach for, under short names.
        self.search_edit = self.list_pane.search_edit
        self.needs_name_filter = self.list_pane.needs_name_filter
        self.list_view = self.list_pane.list_view
        self.new_button = self.list_pane.new_button
        self.merge_button = self.list_pane.merge_button
        self.delete_button = self.list_pane.delete_button

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.list_pane)
        splitter.addWidget(self._build_profile_side(context))
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 720])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._reload_list()
        self._update_actions()

    def _build_profile_side(self, context: AppContext) -> QWidget:
        side = QWidget(self)
        self.heading = plain_label("", side, "authorHeading")  # the author's name
        font = self.heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.heading.setFont(font)
        self.form = AuthorForm(side)
        self.form.edited.connect(self._update_actions)
        scroll = QScrollArea(side)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)

        self.articles_view = AuthorArticlesView(context.articles, side)
        self.articles_view.articleActivated.connect(self.articleOpenRequested)
        articles_label = QLabel("&Articles:", side)
        articles_label.setBuddy(self.articles_view)

        self.save_button = named_button("&Save", "authorSaveButton", "Save profile", side)
        self.save_button.clicked.connect(self._save)
        self.revert_button = named_button(
            "Discard c&hanges", "authorRevertButton", "Discard changes", side
        )
        self.revert_button.clicked.connect(self._revert)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(side)
        layout.addWidget(self.heading)
        layout.addWidget(scroll, 3)
        layout.addLayout(buttons)
        layout.addWidget(articles_label)
        layout.addWidget(self.articles_view, 1)
        return side

    # --- the integration API -------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the list and the open profile's articles; unsaved edits stay as they are."""
        if self._editor.detail is not None and not self._is_modified():
            detail = self._editor.reload()
            if detail is None:
                self._show_nothing()
            else:
                self._show(detail)
        elif self._editor.detail is not None:
            self.articles_view.refresh()
        self._reload_list()
        self._update_actions()

    @property
    def is_modified(self) -> bool:
        return self._is_modified()

    def save_profile(self) -> bool:
        """Save the open profile (the window's Ctrl+S); False if nothing was saved."""
        return self._is_modified() and self._save()

    def focus_list(self) -> None:
        """The keyboard to the author list, or to its search when the list is empty."""
        if self.list_pane.model.rowCount():
            self.list_view.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.search_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def maybe_save(self) -> bool:
        """Settle unsaved changes with the user; False if they chose to stay (Cancel)."""
        if not self._is_modified():
            return True
        name = self._editor.baseline.display_name or self.form.changes().display_name
        choice = prompts.ask_unsaved_changes(self, name)
        if choice is UnsavedChoice.SAVE:
            return self._save()
        if choice is UnsavedChoice.DISCARD:
            self._revert()
            return True
        return False

    def new_author(self) -> None:
        if not self.maybe_save():
            return
        self._editor.start_new()
        self._show(None)
        self.list_pane.select(None)
        self.form.name_edit.setFocus()

    def select_author(self, author_id: int) -> bool:
        """Open `author_id`'s profile; False if the user kept the one being edited."""
        if author_id == self._editor.author_id:
            self.list_pane.select(author_id)
            return True
        if not self.maybe_save():
            self.list_pane.select(self._editor.author_id)
            return False
        try:
            detail = self._editor.open(author_id)
        except CopydeskError as error:
            prompts.show_error(self, str(error))
            self.list_pane.reload()
            return False
        self._show(detail)
        self.list_pane.select(author_id)
        if not self.list_pane.shows(author_id) and self.list_pane.is_filtered():
            # Asked for by id (from the editor, say): it must be found in the list too.
            self.list_pane.clear_filters()
        return True

    # --- profile -------------------------------------------------------------------------------

    def _reload_list(self) -> None:
        """Query the list again (counts and names change with saves) and mark the open author."""
        self.list_pane.select(self._editor.author_id)
        self.list_pane.reload()

    def _is_modified(self) -> bool:
        return self._editor.is_modified(self.form.changes())

    def _show(self, detail: AuthorDetail | None) -> None:
        self.form.show_profile(detail, self._editor.known_bio_count())
        self.articles_view.show_author(detail.id if detail else None)
        self.heading.setText(detail.display_name if detail else "New author")
        self._update_actions()

    def _show_nothing(self) -> None:
        self._editor.close()
        self.form.clear_profile()
        self.articles_view.show_author(None)
        self._update_actions()

    def _update_actions(self) -> None:
        modified = self._is_modified()
        existing = self._editor.author_id is not None
        self.save_button.setEnabled(modified)
        self.revert_button.setEnabled(modified)
        self.merge_button.setEnabled(existing)
        self.delete_button.setEnabled(existing)
        if not self._editor.is_open:
            self.heading.setText("Choose an author, or make a new one.")
        self.modifiedChanged.emit(modified)

    def _save(self) -> bool:
        self.form.clear_errors()
        try:
            detail = self._editor.save(self.form.changes())
        except ValidationError as error:
            if not self.form.show_error(error.field, str(error)):
                prompts.show_error(self, str(error))
            return False
        except CopydeskError as error:
            prompts.show_error(self, str(error))
            return False
        self._show(detail)
        self._reload_list()
        self.authorsChanged.emit()
        self.statusMessage.emit(f"Saved profile of {detail.display_name}.")
        return True

    def _revert(self) -> None:
        if self._editor.detail is not None:
            self._show(self._editor.detail)
        else:
            self._show_nothing()
            self.list_pane.select(None)

    def _merge(self) -> None:
        if not self.maybe_save():
            return
        current, others = self._editor.summary(), self._editor.others()
        if current is None:
            return
        if not others:
            prompts.show_error(self, "There is no other author to merge with.")
            return
        choice = MergeAuthorsDialog.choose(self, current, others)
        if choice is None:
            return
        try:
            detail = self._editor.merge(choice.keep_id, choice.remove_id)
        except CopydeskError as error:
            prompts.show_error(self, str(error))
            self.refresh()
            return
        self._show(detail)
        self._reload_list()
        self.authorsChanged.emit()

    def _delete(self) -> None:
        if not self.maybe_save():
            return
        current = self._editor.summary()
        if current is None:
            return
        successor: int | None = None
        if current.article_count == 0:
            if not prompts.confirm_delete(self, current.display_name):
                return
        else:
            others = self._editor.others()
            if not others:
                prompts.show_error(
                    self,
                    f"{current.display_name} has articles and there is no other author to take "
                    "them over. Add that author first, then delete this one.",
                )
                return
            successor = DeleteAuthorDialog.choose_successor(self, current, others)
            if successor is None:
                return
        try:
            self._editor.delete(successor)
        except CopydeskError as error:
            prompts.show_error(self, str(error))
            self.refresh()
            return
        self._show_nothing()
        if successor is not None:
            # Show where the articles went.
            self.select_author(successor)
        self._reload_list()
        self.authorsChanged.emit()
