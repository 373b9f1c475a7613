"""Someone took over the article this desk was editing: what the editor says, and the view of
the unsaved text kept meanwhile (with the two ways to save it that leave theirs alone)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError
from database.services.articles import ArticleDetail
from database.services.presence import PresenceMark
from desktop import plain_text
from desktop.articles.editor_form import ArticleForm
from desktop.articles.editor_state import FormValues, save_copy
from desktop.articles.recovery import article_key
from desktop.articles.word_diff import diff_html
from desktop.context import AppContext
from desktop.live_updates import PresenceTracker, describe_presence


class TakeoverChoice(enum.Enum):
    KEEP_AS_REVISION = "keep as a revision"
    SAVE_AS_COPY = "save as a new article"


def _at(moment: datetime, today: datetime | None = None) -> str:
    local = moment.astimezone()
    today = (today or datetime.now()).astimezone()
    return (
        local.strftime("%H:%M")
        if local.date() == today.date()
        else local.strftime("%H:%M on %d %b")
    )


def takeover_headline(mark: PresenceMark, title: str, today: datetime | None = None) -> str:
    """ "bob took over “Harbour works” at 10:02." """
    return f"{mark.user or 'Someone'} took over “{title}” at {_at(mark.since, today)}."


def describe_takeover(
    mark: PresenceMark, title: str, *, unsaved: bool, today: datetime | None = None
) -> str:
    """The headline, and what became of the unsaved text."""
    said = takeover_headline(mark, title, today)
    if unsaved:
        return f"{said} Your unsaved changes are kept:"
    return f"{said} You can read it; they are editing it now."


def _joined(values: FormValues | ArticleDetail) -> str:
    notes = f"\n\n— Notes —\n{values.notes}" if values.notes else ""
    return f"{values.title}\n\n{values.body}{notes}"


class UnsavedTextView(QDialog):
    """The text typed here but not saved, beside the article as it is saved now."""

    def __init__(
        self, saved: ArticleDetail, mine: FormValues, holder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("takeoverUnsavedView")
        self.setWindowTitle(plain_text.window_title(f"Your unsaved changes to “{saved.title}”"))
        self.choice: TakeoverChoice | None = None
        summary = plain_text.plain_label(
            f"{holder} is editing “{saved.title}” now. Your text below is not saved; it is "
            "kept on this computer until you save it here or throw it away.",
            self,
            "takeoverUnsavedSummary",
        )
        summary.setWordWrap(True)
        self.mine = QPlainTextEdit(_joined(mine), self)
        self.mine.setObjectName("takeoverUnsavedText")
        self.mine.setAccessibleName("Your unsaved text")
        self.mine.setReadOnly(True)  # to read and copy from
        self.difference = QTextBrowser(self)
        self.difference.setObjectName("takeoverUnsavedDifference")
        self.difference.setAccessibleName("What your text changes in the saved one")
        self.difference.setOpenLinks(False)
        self.difference.setHtml(
            "<h3>Title</h3>"
            + diff_html(saved.title, mine.title, only_changes=True)
            + "<h3>Text</h3>"
            + diff_html(saved.body, mine.body, only_changes=True)
            + (
                "<h3>Notes</h3>" + diff_html(saved.notes, mine.notes, only_changes=True)
                if saved.notes or mine.notes
                else ""
            )
        )
        panes = QSplitter(self)
        panes.setChildrenCollapsible(False)
        panes.addWidget(self._pane("Your text (not saved):", self.mine))
        heading = f"What your text changes in version {saved.version}, as saved now:"
        panes.addWidget(self._pane(heading, self.difference))
        buttons = QDialogButtonBox(self)
        for choice, text in (
            (TakeoverChoice.KEEP_AS_REVISION, "Save them as a &revision"),
            (TakeoverChoice.SAVE_AS_COPY, "Save as a new artic&le"),
        ):
            button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
            button.setObjectName(
                "unsavedKeepRevision"
                if choice is TakeoverChoice.KEEP_AS_REVISION
                else "unsavedSaveCopy"
            )
            button.setAutoDefault(False)  # Enter only closes: saving is a choice to click
            button.clicked.connect(lambda _checked=False, chosen=choice: self._choose(chosen))
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(panes, 1)
        layout.addWidget(buttons)
        self._size_to_screen(parent)

    def _pane(self, heading: str, content: QWidget) -> QWidget:
        pane = QWidget(self)
        layout = QVBoxLayout(pane)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(plain_text.plain_label(heading, pane))
        layout.addWidget(content, 1)
        return pane

    def _size_to_screen(self, parent: QWidget | None) -> None:
        screen = parent.screen() if parent is not None else self.screen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 1000, 620
        if available is not None:
            width = min(width, available.width() - 40)
            height = min(height, available.height() - 60)
        self.resize(width, height)

    def _choose(self, choice: TakeoverChoice) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def choose(
        cls, parent: QWidget | None, saved: ArticleDetail, mine: FormValues, holder: str
    ) -> TakeoverChoice | None:
        """What the user chose to do with the text; None to leave it as it is, kept."""
        dialog = cls(saved, mine, holder, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.choice if accepted else None
        finally:
            dialog.deleteLater()


def show_problem(parent: QWidget | None, title: str, text: str) -> None:
    plain_text.warn(parent, title, text)


class TakeoverHandling:
    """The article editor's part when someone takes over the article open in it (mixed in
    through SharedEditing): it says so at once, keeps the unsaved text on disk, and offers to
    save it where it replaces nothing of theirs. Nothing typed is dropped without a choice."""

    # What the host editor provides.
    _context: AppContext
    _loaded: ArticleDetail | None
    _recovery_key: str
    form: ArticleForm
    presence: PresenceTracker
    saved: Any
    statusMessage: Any
    is_dirty: bool
    _show: Callable[[ArticleDetail | None, FormValues, str], None]
    _discard_recovery_copy: Callable[[], None]
    keep_recovery_copy: Callable[[], None]

    def connect_takeover(self) -> None:
        self.presence.takenOver.connect(self._taken_over)
        banner = self.form.banner
        banner.keepAsRevisionRequested.connect(self.keep_unsaved_as_revision)
        banner.saveAsCopyRequested.connect(self.save_unsaved_as_copy)
        banner.showUnsavedRequested.connect(self.show_unsaved)

    def _taken_over(self, mark: PresenceMark) -> None:
        if self._loaded is None:
            return
        unsaved = self.is_dirty
        if unsaved:
            self.keep_recovery_copy()  # on disk now, whatever happens to this window next
        text = describe_takeover(mark, self._loaded.title, unsaved=unsaved)
        self.form.show_holder(text, offers=unsaved)
        kept = " Your unsaved changes are kept." if unsaved else ""
        self.statusMessage.emit(takeover_headline(mark, self._loaded.title) + kept)

    def _holder_name(self) -> str:
        holder = self.presence.blocked_by
        return (holder.user if holder is not None else "") or "someone else"

    def keep_unsaved_as_revision(self) -> bool:
        """The unsaved text as the article's newest revision; the article stays theirs, as
        it is. True if kept."""
        loaded = self._loaded
        if loaded is None or not self.is_dirty:
            return False
        values = self.form.values()
        try:
            kept = self._context.articles.add_revision(
                loaded.id,
                title=values.title if values.title.strip() else loaded.title,
                body=values.body,
                status=values.status,
                author_id=values.author_id,
                notes=values.notes,
                saved_by=self._context.user_name,
            )
        except CopydeskError as error:
            show_problem(self, "Your changes were not saved", f"{error}\n\nThey are still kept.")  # type: ignore[arg-type]
            return False
        self._unsaved_settled(
            f"Your changes are kept as revision {kept.number} of “{loaded.title}”: "
            "Revision history shows them."
        )
        return True

    def save_unsaved_as_copy(self) -> bool:
        """The unsaved text as a new draft article, opened here; True if saved."""
        loaded = self._loaded
        if loaded is None or not self.is_dirty:
            return False
        because = f"when {self._holder_name()} took over “{loaded.title}”"
        try:
            copy = save_copy(
                self._context.articles, self.form.values(), self._context.user_name, because=because
            )
        except CopydeskError as error:
            show_problem(self, "Your changes were not saved", f"{error}\n\nThey are still kept.")  # type: ignore[arg-type]
            return False
        self._discard_recovery_copy()
        self._show(copy, FormValues.of(copy), article_key(copy.id))  # and its own mark
        self.saved.emit(copy.id)
        self.statusMessage.emit(f"Saved your changes as a new draft, “{copy.title}”.")
        return True

    def show_unsaved(self) -> bool:
        """The unsaved text beside the saved one, and the same two ways to save it; True if
        it was saved."""
        loaded = self._loaded
        if loaded is None or not self.is_dirty:
            return False
        try:
            saved = self._context.articles.get(loaded.id)
        except CopydeskError:
            saved = loaded
        choice = UnsavedTextView.choose(self, saved, self.form.values(), self._holder_name())  # type: ignore[arg-type]
        if choice is TakeoverChoice.KEEP_AS_REVISION:
            return self.keep_unsaved_as_revision()
        if choice is TakeoverChoice.SAVE_AS_COPY:
            return self.save_unsaved_as_copy()
        return False

    def _unsaved_settled(self, message: str) -> None:
        """The unsaved text is stored: show the article as saved now, held by them."""
        assert self._loaded is not None
        self._discard_recovery_copy()
        try:
            latest = self._context.articles.get(self._loaded.id)
        except CopydeskError:
            latest = self._loaded
        self._show(latest, FormValues.of(latest), self._recovery_key)
        holder = self.presence.blocked_by
        self.form.show_holder("" if holder is None else f"{describe_presence(holder)}.")
        self.statusMessage.emit(message)


__all__ = [
    "TakeoverChoice",
    "TakeoverHandling",
    "UnsavedTextView",
    "describe_takeover",
]
