"""The article editor: open, edit, preview, save, recover unsaved text, restore revisions."""

from __future__ import annotations

import logging
import uuid
from dataclasses import replace
from datetime import datetime
from typing import Literal

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from database.errors import CopydeskError, DatabaseError, StaleVersionError, ValidationError
from database.services.articles import ArticleDetail, restore_leaves
from database.services.authors import AuthorSummary
from database.services.dictionary import DictionaryService
from database.services.exporting import export_problem
from database.services.presence import PresenceService
from desktop import plain_text
from desktop.articles.conflict_view import SharedEditing
from desktop.articles.editor_form import ArticleForm
from desktop.articles.editor_state import FormValues, create_draft, differs_from, save_changes
from desktop.articles.export_readiness import export_warning
from desktop.articles.history import RevisionHistoryDialog
from desktop.articles.publish_gate import PublishGate
from desktop.articles.recovery import (
    RecoveryCopy,
    RecoveryStore,
    article_key,
    new_article_key,
    pending_new_recoveries,
)
from desktop.articles.spelling import Spelling
from desktop.articles.spelling_fields import attach_spelling
from desktop.context import AppContext
from desktop.new_author_dialog import NewAuthorDialog
from desktop.operations import Newest, describe_failure, op

log = logging.getLogger(__name__)

SaveChoice = Literal["save", "discard", "cancel"]
AUTOSAVE_DELAY_MS = 2000  # a pause in the typing this long: the recovery copy is written
# However steady the typing, the copy is written this soon after the first change it lacks:
# the pause alone never came for someone who types on. Under 5 s, so that what was typed 5 s
# ago is on disk even counting a timer's lateness and the time a key takes.
AUTOSAVE_MAX_WAIT_MS = 4000
UNTITLED = "Untitled article"


# --- the questions the editor asks; tests replace these functions -------------------------


def ask_save_changes(parent: QWidget | None, title: str) -> SaveChoice:
    buttons = QMessageBox.StandardButton
    answer = plain_text.ask(
        parent,
        "Unsaved changes",
        f"Save the changes to “{title}”?",
        buttons.Save | buttons.Discard | buttons.Cancel,
        buttons.Save,
    )
    if answer == buttons.Save:
        return "save"
    return "discard" if answer == buttons.Discard else "cancel"


def offer_recovery(parent: QWidget | None, title: str, saved_at: str) -> bool:
    """Whether to bring back text that was typed but never saved."""
    try:
        when = datetime.fromisoformat(saved_at).astimezone().strftime("%d %b %Y at %H:%M")
    except ValueError:
        when = saved_at
    answer = plain_text.ask(
        parent,
        "Recover unsaved changes",
        f"“{title}” has changes that were not saved (kept {when}).\n\n"
        "Recover them? If not, they are thrown away.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.Yes,
    )
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    plain_text.warn(parent, title, text)


# --- the editor ----------------------------------------------------------------------------


class ArticleEditor(SharedEditing, QWidget):
    """Edits one article at a time; a new article exists only as a draft until first saved.
    Presence marks and conflicting saves: see SharedEditing."""

    saved = Signal(int)  # the article's id, after every successful save or restore
    dirtyChanged = Signal(bool)
    statusMessage = Signal(str)
    undoAvailable = Signal(bool)
    redoAvailable = Signal(bool)
    articleChanged = Signal(object)  # the id of the article now open; None: a new or no article

    def __init__(
        self,
        context: AppContext,
        recovery: RecoveryStore,
        parent: QWidget | None = None,
        *,
        autosave_delay_ms: int = AUTOSAVE_DELAY_MS,
        autosave_max_wait_ms: int = AUTOSAVE_MAX_WAIT_MS,
        presence: PresenceService | None = None,
    ) -> None:
        """`presence`: this desk's presence marks (the article list shows the same)."""
        super().__init__(parent)
        self.setObjectName("articleEditor")
        self._context = context
        self._recovery = recovery
        self._loaded: ArticleDetail | None = None  # as last read or saved; None for a new one
        self._baseline: FormValues | None = None  # None: no article open
        self._recovery_key = ""
        self._was_dirty = False
        # The newsroom's authors as last read: reading them counts everyone's articles, a read
        # of many rows, so it is done in the background and opening an article uses these.
        self._authors: list[AuthorSummary] = []
        self._author_reads = Newest()
        self._new_author_name = ""  # of the profile's author, who writes a new article
        self.form = ArticleForm(self)
        self.form.set_notes_shown(context.settings.editor_notes_shown)
        self.form.notes_toggle.shownChanged.connect(self._remember_notes_shown)
        placeholder = QLabel("Open an article from the list, or start a new one.", self)
        placeholder.setObjectName("articleEditorEmptyState")
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pages = QStackedWidget(self)
        self._pages.addWidget(placeholder)
        self._pages.addWidget(self.form)
        layout = QVBoxLayout(self)
        # The list beside it keeps the style's margins; the splitter handle is the left one.
        margins = layout.contentsMargins()
        layout.setContentsMargins(0, margins.top(), margins.right(), margins.bottom())
        layout.addWidget(self._pages)

        self.autosave_timer = QTimer(self)
        self.autosave_timer.setSingleShot(True)
        self.autosave_timer.setInterval(autosave_delay_ms)
        self.autosave_timer.timeout.connect(self.keep_recovery_copy)
        # Started by the first change since the last copy; further keys do not restart it.
        self.autosave_deadline = QTimer(self)
        self.autosave_deadline.setObjectName("autosaveDeadline")
        self.autosave_deadline.setSingleShot(True)
        self.autosave_deadline.setInterval(autosave_max_wait_ms)
        self.autosave_deadline.timeout.connect(self.keep_recovery_copy)

        self.form.changed.connect(self._edited)
        self.form.preview.linkRefused.connect(
            lambda link: self.statusMessage.emit(f"Only web and email links are opened: {link}")
        )
        self.form.undoStateChanged.connect(self._undo_state_changed)
        self.connect_presence(context, presence)
        # Spell checking of title and body against the newsroom's language and dictionary.
        self.spelling = Spelling(
            DictionaryService(context.database.session_factory), lambda: context.user_name, self
        )
        self.spelling.offNotice.connect(self.statusMessage)
        form, report = self.form, self.statusMessage.emit
        attach_spelling(form.body_edit, form.highlighter, form.title_edit, self.spelling, report)
        self.form.newAuthorRequested.connect(self.create_author)
        # A save that publishes goes past the pre-publish checklist first.
        self.publish_gate = PublishGate(context, self.form, self.save, self)
        self.publish_gate.statusMessage.connect(self.statusMessage)
        self.reload_authors()
        self._show_nothing()

    # --- state ---------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self._baseline is not None

    @property
    def is_dirty(self) -> bool:
        return self._baseline is not None and self.form.values() != self._baseline

    @property
    def current_article_id(self) -> int | None:
        return None if self._loaded is None else self._loaded.id

    @property
    def loaded_article(self) -> ArticleDetail | None:
        """The article as last read from or saved to the database."""
        return self._loaded

    @property
    def recovery_key(self) -> str:
        return self._recovery_key

    @property
    def display_title(self) -> str:
        """The title as typed, for window titles and questions; never empty."""
        return self.form.title_edit.text().strip() or UNTITLED

    def _remember_notes_shown(self, shown: bool) -> None:
        self._context.settings.editor_notes_shown = shown

    def focus_title(self) -> None:
        self.form.title_edit.setFocus()

    def _dirty_may_have_changed(self) -> None:
        dirty = self.is_dirty
        if dirty != self._was_dirty:
            self._was_dirty = dirty
            self.dirtyChanged.emit(dirty)

    def _edited(self) -> None:
        self._dirty_may_have_changed()
        if self._was_dirty:
            self.autosave_timer.start()
            if not self.autosave_deadline.isActive():
                self.autosave_deadline.start()
        else:
            # Edited back to what is saved: an older recovery copy would only mislead.
            self._stop_autosave()
            self._discard_recovery_copy()

    def _stop_autosave(self) -> None:
        self.autosave_timer.stop()
        self.autosave_deadline.stop()

    # --- showing an article --------------------------------------------------------------

    def _show(self, loaded: ArticleDetail | None, values: FormValues, key: str) -> None:
        self._stop_autosave()
        self._loaded, self._baseline, self._recovery_key = loaded, values, key
        self._select_author(values.author_id)
        self.spelling.refresh_words()  # what other desks added meanwhile, before it is shown
        self.form.show_values(values)
        self.spelling.announce()
        self._pages.setCurrentWidget(self.form)
        self._dirty_may_have_changed()
        self.form.report_undo_state()
        self.articleChanged.emit(self.current_article_id)

    def _show_nothing(self) -> None:
        self._stop_autosave()
        self._loaded, self._baseline, self._recovery_key = None, None, ""
        self.form.show_nothing()
        self._pages.setCurrentIndex(0)
        self._dirty_may_have_changed()
        self.form.report_undo_state()
        self.articleChanged.emit(None)

    def reload_authors(self, selected: int | None = None, selected_name: str = "") -> None:
        """Refill the author list (after authors were added, renamed or merged) from a read in
        the background. Meanwhile the list shows `selected` (by default the author chosen now)
        under `selected_name` if it lacks them (the article's author's name by default)."""
        if selected is None and self.is_open:
            selected = self.form.values().author_id
        self._show_authors(selected, selected_name)
        read = op(self, self._context.authors.list)
        self._author_reads.run(read.success(self._authors_read).failure(self._authors_not_read))

    def _show_authors(self, selected: int | None, selected_name: str = "") -> None:
        loaded = self._loaded
        fallback = selected_name or (loaded.author_name if loaded else self._new_author_name)
        self.form.set_authors(self._authors, selected, fallback)

    def _authors_read(self, authors: list[AuthorSummary]) -> None:
        self._authors = authors
        chosen = self.form.values().author_id if self.is_open else None
        shown = self.form.author_combo.currentText() if chosen is not None else ""
        self._show_authors(chosen, shown)  # who was chosen meanwhile stays chosen
        self._recheck_export_warning()

    def _authors_not_read(self, error: Exception) -> None:
        self.statusMessage.emit(f"Authors could not be listed: {describe_failure(error)}")

    def _select_author(self, author_id: int | None) -> None:
        """The article's author chosen in the list shown; one it lacks (created at another
        desk, say) is added under the article's name for them, and the list read again."""
        if author_id is None or self.form.author_combo.findData(author_id) >= 0:
            self.form.select_author(author_id)
        else:
            self.reload_authors(selected=author_id)

    def open_article(self, article_id: int) -> bool:
        """Show the article; False if the user kept the unsaved changes of the one open."""
        if not self.maybe_save():
            return False
        try:
            detail = self._context.articles.get(article_id)
        except CopydeskError as error:
            show_error(self, "Cannot open the article", str(error))
            return False
        self._show(detail, FormValues.of(detail), article_key(detail.id))
        self._offer_recovery(detail.title)
        return True

    def new_article(self) -> bool:
        """Start an unsaved draft; False if the user kept the unsaved changes of the one open."""
        if not self.maybe_save():
            return False
        self._show(None, self._new_values(), new_article_key(uuid.uuid4().hex))
        self.focus_title()
        return True

    def _new_values(self) -> FormValues:
        """A new article's: blank, by the author the profile writes as (if they still exist)."""
        author_id = self._context.settings.profile_author_id
        self._new_author_name = ""
        if author_id is not None:
            try:
                self._new_author_name = self._context.authors.get(author_id).display_name
            except CopydeskError:  # deleted or merged away meanwhile, or out of reach
                author_id = None
        return replace(FormValues.blank(), author_id=author_id)

    def create_author(self) -> int | None:
        """ "New author…": ask for a name (and a bio), create the author and make them the
        article's; the new author's id, None if cancelled."""
        created = NewAuthorDialog.ask(self, self._context.authors)
        if created is None:
            return None
        self.reload_authors(selected=created.id, selected_name=created.display_name)
        self._edited()  # the article's author changed: to be saved
        self.statusMessage.emit(f"Author “{created.display_name}” created.")
        return created.id

    def open_recovered_draft(self, key: str) -> bool:
        """Continue a never-saved article from its recovery copy (see pending_new_recoveries)."""
        copy = self._recovery.load(key)
        if copy is None:
            return False
        if copy.article_id is not None:
            return self.open_article(copy.article_id)
        if not self.maybe_save():
            return False
        self._show(None, self._new_values(), key)
        self._put_back(copy)
        return True

    def offer_unsaved_new_articles(self) -> bool:
        """At start-up: offer never-saved articles one by one; True if one was opened.

        Declined copies are thrown away; those not yet asked about wait for the next start.
        """
        for key, copy in pending_new_recoveries(self._recovery):
            if offer_recovery(self, copy.title.strip() or UNTITLED, copy.saved_at):
                return self.open_recovered_draft(key)
            self._recovery.discard(key)
        return False

    def close_article(self) -> bool:
        if not self.maybe_save():
            return False
        self._show_nothing()
        return True

    # --- recovery copies -----------------------------------------------------------------

    def keep_recovery_copy(self) -> None:
        """Write the unsaved text where a crash cannot take it; the timers call this."""
        self._stop_autosave()  # the copy is current: the next change starts both again
        if not self.is_dirty:
            return
        try:
            self._recovery.save(self._recovery_key, self.form.values().recovery_copy(self._loaded))
        except OSError as error:
            log.warning("cannot keep a recovery copy: %s", error)
            self.statusMessage.emit(f"Unsaved changes could not be kept on disk: {error}")

    def _discard_recovery_copy(self) -> None:
        if self._recovery_key:
            self._recovery.discard(self._recovery_key)

    def _offer_recovery(self, title: str) -> None:
        assert self._baseline is not None
        copy = self._recovery.load(self._recovery_key)
        if copy is None:
            return
        if not differs_from(copy, self._baseline):
            self._discard_recovery_copy()
        elif offer_recovery(self, title, copy.saved_at):
            self._put_back(copy)
        else:
            self._discard_recovery_copy()

    def _put_back(self, copy: RecoveryCopy) -> None:
        assert self._baseline is not None
        self.form.replace_texts(self._baseline.with_texts_of(copy))
        self.statusMessage.emit("Unsaved changes recovered; they are not saved yet.")

    # --- saving --------------------------------------------------------------------------

    def save(self) -> bool:
        """Save the article (creating it on the first save of a new one); True on success."""
        if self._baseline is None:
            return False
        values = self.form.values()
        if self._loaded is not None and values == self._baseline:
            self.statusMessage.emit("No changes to save.")
            return True
        if self.presence.blocked_by is not None:
            return self._refuse_save_while_held()
        self.form.clear_problems()
        if self.publish_gate.stops(self._loaded, values):
            return False  # the checklist is up: its answer saves, or not (see PublishGate)
        try:
            if self._loaded is None:
                self._adopt(create_draft(self._context.articles, values, self._context.user_name))
            assert self._loaded is not None
            user = self._context.user_name
            reason = self.publish_gate.reason_for(self._loaded, values)
            detail = save_changes(
                self._context.articles, self._loaded, values, user, publish_reason=reason
            )
        except (StaleVersionError, DatabaseError) as error:
            return self.save_refused(error, values)
        except ValidationError as error:
            label = self.form.show_problem(error.field, str(error))
            self.statusMessage.emit(label.text())
            return False
        except CopydeskError as error:
            show_error(self, "The article was not saved", str(error))
            return False
        self.saved_as(detail)
        self._warn_about_export(detail)
        return True

    @property
    def can_save(self) -> bool:
        """Whether Save would save: changes made, and nobody else editing the article (the
        form is read-only then, and so is saving)."""
        return self.is_dirty and self.presence.blocked_by is None

    def _refuse_save_while_held(self) -> bool:
        holder = self.presence.blocked_by
        who = (holder.user if holder is not None else "") or "Someone else"
        self.keep_recovery_copy()
        text = (
            f"Not saved: {who} is editing “{self.display_title}” now. Take over to save "
            "here; your unsaved changes are kept meanwhile."
        )
        self.form.show_problem("", text)
        self.statusMessage.emit(text)
        return False

    def _warn_about_export(self, detail: ArticleDetail) -> None:
        """Saved, but export would refuse it: say why beside the field to fix, and in the
        status bar."""
        try:
            problem = export_problem(self._context.database.session_factory, detail.id)
        except CopydeskError:  # a check only: the article is saved
            return
        if problem is None:
            return
        warning = export_warning(problem, detail.author_name)
        self.form.show_problem(warning.field, warning.text, warning=True)
        self.statusMessage.emit(f"Saved “{detail.title}”. {warning.text}")

    def _recheck_export_warning(self) -> None:
        """Authors changed (a bio added in Authors, say): an export warning still showing for
        the saved article follows, rather than waiting for the next save."""
        shown = [
            (field, label)
            for field, label in self.form.errors.items()
            if label.property("warning") and label.isVisibleTo(self.form)
        ]
        if not shown or self._loaded is None:
            return
        try:
            problem = export_problem(self._context.database.session_factory, self._loaded.id)
            author_id = self._loaded.author_id
            author = self._context.authors.get(author_id) if problem and author_id else None
        except CopydeskError:
            return
        for _field, label in shown:
            label.clear()
            label.hide()
        if problem is not None:
            name = author.display_name if author is not None else ""
            warning = export_warning(problem, name)
            self.form.show_problem(warning.field, warning.text, warning=True)

    def saved_as(self, detail: ArticleDetail) -> bool:
        self._loaded, self._baseline = detail, FormValues.of(detail)
        self.form.set_statuses(detail.status)  # the moves allowed from here are others
        self._stop_autosave()
        self._discard_recovery_copy()
        self._dirty_may_have_changed()
        self.saved.emit(detail.id)
        self.statusMessage.emit(f"Saved “{detail.title}”.")
        return True

    def _adopt(self, created: ArticleDetail) -> None:
        """A new article now exists: its unsaved text is kept under the article's key now."""
        self._discard_recovery_copy()
        self._loaded, self._recovery_key = created, article_key(created.id)
        self.articleChanged.emit(created.id)

    def maybe_save(self) -> bool:
        """Offer to save unsaved changes; False if the user cancelled (or saving failed)."""
        if not self.is_dirty:
            return True
        choice = ask_save_changes(self, self.display_title)
        if choice == "save":
            return self.save()
        if choice == "discard":
            self.discard_changes()
            return True
        return False

    def discard_changes(self) -> None:
        """Back to the saved article (to nothing, for a new one); the recovery copy goes too."""
        self._discard_recovery_copy()
        if self._loaded is None:
            self._show_nothing()
        else:
            self._show(self._loaded, FormValues.of(self._loaded), self._recovery_key)

    # --- revisions -----------------------------------------------------------------------

    def show_history(self) -> bool:
        """Let the user pick an earlier revision to restore; True if one was restored."""
        if self._loaded is None or not self.maybe_save():
            return False
        article_id = self._loaded.id
        try:
            revision_id = RevisionHistoryDialog.choose_revision(self, self._context, article_id)
            if revision_id is None:
                return False
            if self.presence.blocked_by is not None:  # looking is fine; writing is theirs now
                return self._refuse_save_while_held()
            kept = self._context.articles.revisions(article_id)
            chosen = [revision for revision in kept if revision.id == revision_id]
            detail = self._context.articles.restore_revision(
                article_id,
                revision_id,
                expected_version=self._loaded.version,
                user=self._context.user_name,
            )
        except CopydeskError as error:
            show_error(self, "The revision was not restored", str(error))
            return False
        self._show(detail, FormValues.of(detail), article_key(detail.id))
        self.saved.emit(detail.id)
        left = "".join(f"; {part}" for part in restore_leaves(chosen[0], detail)) if chosen else ""
        self.statusMessage.emit(
            f"Revision restored{left}. The version it replaced is kept as a revision."
        )
        return True

    # --- editing commands ----------------------------------------------------------------

    def show_find(self) -> None:
        if self.is_open:
            self.form.find_bar.open_bar()

    def undo(self) -> None:
        self.form.undo()

    def redo(self) -> None:
        self.form.redo()

    def _undo_state_changed(self, can_undo: bool, can_redo: bool) -> None:
        self.undoAvailable.emit(can_undo and self.is_open)
        self.redoAvailable.emit(can_redo and self.is_open)
