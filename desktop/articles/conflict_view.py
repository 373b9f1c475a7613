"""When a save meets a newer version saved elsewhere: theirs, mine, the difference, and a choice.

`resolve_conflict` shows `ConflictView.choose` until the user settles it and carries the choice
out: keep mine on top of theirs (theirs stays in the history), take theirs, or save mine as a
copy. Nothing is ever written over a version the user has not seen.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from database.errors import CopydeskError, StaleVersionError
from database.services.articles import ArticleDetail, ArticleService
from database.services.presence import PresenceMark, PresenceService
from desktop import plain_text
from desktop.articles.editor_form import ArticleForm
from desktop.articles.editor_state import FormValues, merged_values, save_copy
from desktop.articles.recovery import article_key
from desktop.articles.takeover import TakeoverHandling
from desktop.articles.word_diff import diff_html
from desktop.context import AppContext
from desktop.live_updates import PresenceTracker, describe_presence


class ConflictChoice(enum.Enum):
    KEEP_MINE = "keep mine"
    TAKE_THEIRS = "take theirs"
    SAVE_COPY = "save a copy"


@dataclass(frozen=True)
class Resolution:
    """What was done: the article to show now (a copy's, for SAVE_COPY) and whether it was
    written (KEEP_MINE, SAVE_COPY) or only read (TAKE_THEIRS)."""

    choice: ConflictChoice
    detail: ArticleDetail
    saved: bool


_Role = QDialogButtonBox.ButtonRole
_BUTTONS = {
    ConflictChoice.KEEP_MINE: (
        "&Keep mine on top",
        _Role.AcceptRole,
        "Save your version as the newest; theirs stays in the article's history",
    ),
    ConflictChoice.TAKE_THEIRS: ("&Take theirs", _Role.DestructiveRole, "Drop your changes"),
    ConflictChoice.SAVE_COPY: (
        "Save mine as a &copy",
        _Role.ActionRole,
        "Leave theirs as it is and save your version as a new draft article",
    ),
}


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%H:%M on %d %b")


def describe_conflict(mine_from: ArticleDetail, theirs: ArticleDetail) -> str:
    who = theirs.updated_by or "someone else"
    return (
        f"“{theirs.title}” was saved by {who} at {_when(theirs.updated_at)} while you were "
        f"editing it (you started from version {mine_from.version}; it is now version "
        f"{theirs.version}). Your text is not saved yet."
    )


def _text_pane(heading: str, name: str, text: str, parent: QWidget) -> QWidget:
    pane = QWidget(parent)
    label = QLabel(heading, pane)
    edit = QPlainTextEdit(text, pane)
    edit.setObjectName(name)
    edit.setAccessibleName(heading)
    edit.setReadOnly(True)
    layout = QVBoxLayout(pane)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label)
    layout.addWidget(edit, 1)
    return pane


def _joined(values: FormValues | ArticleDetail) -> str:
    notes = f"\n\n— Notes —\n{values.notes}" if values.notes else ""
    return f"{values.title}\n\n{values.body}{notes}"


class ConflictView(QDialog):
    """Theirs and mine side by side, what keeping mine would change, and the three ways out."""

    def __init__(
        self,
        mine_from: ArticleDetail,
        theirs: ArticleDetail,
        mine: FormValues,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflictView")
        self.setWindowTitle("Saved elsewhere meanwhile")
        self.choice: ConflictChoice | None = None
        summary = plain_text.plain_label(describe_conflict(mine_from, theirs), self)
        summary.setObjectName("conflictSummary")
        summary.setWordWrap(True)
        self.difference = QTextBrowser(self)
        self.difference.setObjectName("conflictDifference")
        self.difference.setAccessibleName("What keeping mine changes in theirs")
        self.difference.setOpenLinks(False)  # diff_html escapes the text: nothing to follow
        self.difference.setHtml(
            "<h3>Title</h3>"
            + diff_html(theirs.title, mine.title)
            + "<h3>Text</h3>"
            + diff_html(theirs.body, mine.body)
            + (
                "<h3>Notes</h3>" + diff_html(theirs.notes, mine.notes)
                if theirs.notes or mine.notes
                else ""
            )
        )
        difference = QWidget(self)
        difference_layout = QVBoxLayout(difference)
        difference_layout.setContentsMargins(0, 0, 0, 0)
        difference_layout.addWidget(QLabel("The difference (theirs → mine):", difference))
        difference_layout.addWidget(self.difference, 1)
        panes = QSplitter(self)
        panes.addWidget(
            _text_pane(
                f"Theirs (version {theirs.version}):", "conflictTheirs", _joined(theirs), panes
            )
        )
        panes.addWidget(_text_pane("Mine (not saved):", "conflictMine", _joined(mine), panes))
        panes.addWidget(difference)

        buttons = QDialogButtonBox(self)
        self.buttons: dict[ConflictChoice, QPushButton] = {}
        for choice, (text, role, tip) in _BUTTONS.items():
            button = buttons.addButton(text, role)
            button.setObjectName(f"conflict{choice.name.title().replace('_', '')}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, chosen=choice: self._choose(chosen))
            self.buttons[choice] = button
        back = buttons.addButton("Keep &editing", QDialogButtonBox.ButtonRole.RejectRole)
        back.setToolTip("Save nothing for now; your text stays in the editor")
        back.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(panes, 1)
        layout.addWidget(buttons)
        self.resize(1100, 600)

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def choose(
        cls,
        parent: QWidget | None,
        mine_from: ArticleDetail,
        theirs: ArticleDetail,
        mine: FormValues,
    ) -> ConflictChoice | None:
        """The user's choice; None to keep editing without saving."""
        dialog = cls(mine_from, theirs, mine, parent)
        try:
            accepted = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.choice if accepted else None
        finally:
            dialog.deleteLater()


_WARNING = QMessageBox.Icon.Warning


def confirm_take_over(parent: QWidget | None, holder: str) -> bool:
    """The warning before taking an article over from someone who is editing it."""
    answer = plain_text.ask(
        parent,
        "Take over editing",
        f"{holder} is editing this article now.\n\n"
        "If you take over, they can no longer type in it; what they have not saved stays on "
        "their screen, and if you both save, the second to save is shown both versions.",
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
        icon=_WARNING,
    )
    return answer == QMessageBox.StandardButton.Ok


def ask_retry(parent: QWidget | None, title: str, text: str) -> bool:
    """The database could not be reached: try again now? (The text stays either way.)"""
    buttons = QMessageBox.StandardButton
    answer = plain_text.ask(
        parent, title, text, buttons.Retry | buttons.Cancel, buttons.Retry, icon=_WARNING
    )
    return answer == buttons.Retry


def show_problem(parent: QWidget | None, title: str, text: str) -> None:
    plain_text.warn(parent, title, text)


def resolve_conflict(
    parent: QWidget | None,
    articles: ArticleService,
    mine_from: ArticleDetail,
    mine: FormValues,
    user: str,
) -> Resolution | None:
    """Settle a refused save of `mine` (edited from `mine_from`); None if the user went back
    to editing. Raises what the services raise (NotFoundError: the article was deleted)."""
    while True:
        theirs = articles.get(mine_from.id)
        choice = ConflictView.choose(parent, mine_from, theirs, mine)
        if choice is None:
            return None
        if choice is ConflictChoice.TAKE_THEIRS:
            return Resolution(choice, theirs, saved=False)
        if choice is ConflictChoice.SAVE_COPY:
            return Resolution(choice, save_copy(articles, mine, user), saved=True)
        values = merged_values(mine_from, theirs, mine)
        try:
            saved = articles.save(
                theirs.id,
                title=values.title,
                body=values.body,
                status=values.status,
                author_id=values.author_id,
                notes=values.notes,
                expected_version=theirs.version,
                user=user,
            )
        except StaleVersionError:
            continue  # yet another save came in while the dialog was open: show that one
        return Resolution(choice, saved, saved=True)


_DONE = {
    ConflictChoice.KEEP_MINE: "Saved “{title}” on top; their version is kept in its history.",
    ConflictChoice.TAKE_THEIRS: "Showing their version of “{title}”; your changes were dropped.",
    ConflictChoice.SAVE_COPY: "Saved your version as a new draft, “{title}”.",
}


class SharedEditing(TakeoverHandling):
    """The article editor's part in working side by side, mixed into ArticleEditor: the
    presence mark and banner, taking over (and being taken over: TakeoverHandling),
    following saves made elsewhere, and saves that were refused (conflict, or the database
    out of reach)."""

    # What the host editor provides.
    _context: AppContext
    _loaded: ArticleDetail | None
    _recovery_key: str
    form: ArticleForm
    presence: PresenceTracker
    saved: Any
    statusMessage: Any
    articleChanged: Any
    is_dirty: bool
    _show: Callable[[ArticleDetail | None, FormValues, str], None]
    _discard_recovery_copy: Callable[[], None]
    keep_recovery_copy: Callable[[], None]
    save: Callable[[], bool]

    def connect_presence(self, context: AppContext, presence: PresenceService | None) -> None:
        user = lambda: context.user_name  # noqa: E731 - the profile may change meanwhile
        service = presence or PresenceService(context.database.session_factory, user=user)
        self.presence = PresenceTracker(service, self)  # type: ignore[arg-type]
        self.presence.holderChanged.connect(self._holder_changed)
        self.presence.failed.connect(self.statusMessage)
        self.articleChanged.connect(self.presence.follow)
        self.form.banner.takeOverRequested.connect(self.take_over)
        self.connect_takeover()

    def _holder_changed(self, mark: PresenceMark | None) -> None:
        self.form.show_holder("" if mark is None else f"{describe_presence(mark)}.")

    def take_over(self) -> bool:
        """After a warning, edit the open article although someone else is; True if so."""
        holder = self.presence.blocked_by
        if holder is None:
            return True
        if not confirm_take_over(self, holder.user):  # type: ignore[arg-type]
            return False
        self.presence.take_over()
        self.refresh_from_database()
        return self.presence.blocked_by is None

    def refresh_from_database(self) -> bool:
        """Someone saved: show the newest version of the open article, unless there are
        unsaved changes here (their save then meets the conflict view). True if replaced."""
        loaded = self._loaded
        if loaded is None or self.is_dirty:
            return False
        try:
            latest = self._context.articles.get(loaded.id)
        except CopydeskError:  # deleted, or out of reach: the list shows it
            return False
        if latest.version == loaded.version:
            return False
        self._show(latest, FormValues.of(latest), self._recovery_key)
        who = latest.updated_by or "Someone"
        self.statusMessage.emit(f"{who} saved “{latest.title}”: this is their version.")
        return True

    def save_refused(self, error: CopydeskError, values: FormValues) -> bool:
        if isinstance(error, StaleVersionError):
            return self.settle_conflict(values)
        self.keep_recovery_copy()  # the text is safe on disk whatever happens next
        text = f"{error}\n\nYour text is still here, and in the recovery copy."
        return ask_retry(self, "The article was not saved", text) and self.save()  # type: ignore[arg-type]

    def settle_conflict(self, values: FormValues) -> bool:
        """Someone saved since this text was loaded: the user chooses; True once settled."""
        assert self._loaded is not None
        user = self._context.user_name
        try:
            done = resolve_conflict(self, self._context.articles, self._loaded, values, user)  # type: ignore[arg-type]
        except CopydeskError as error:
            self.keep_recovery_copy()
            show_problem(self, "The article was not saved", f"{error}\n\nYour text is still here.")  # type: ignore[arg-type]
            return False
        if done is None:
            self.keep_recovery_copy()
            self.statusMessage.emit("Not saved: it was saved elsewhere meanwhile.")
            return False
        self._discard_recovery_copy()
        self._show(done.detail, FormValues.of(done.detail), article_key(done.detail.id))
        if done.saved:
            self.saved.emit(done.detail.id)
        self.statusMessage.emit(_DONE[done.choice].format(title=done.detail.title))
        return True


__all__ = [
    "ConflictChoice",
    "ConflictView",
    "Resolution",
    "SharedEditing",
    "ask_retry",
    "confirm_take_over",
    "describe_conflict",
    "resolve_conflict",
]
