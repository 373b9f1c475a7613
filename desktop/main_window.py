"""The main window: assembles the areas, menus and background jobs, and connects them."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QTabWidget, QWidget

from database.engine import Database
from database.services.changes import ChangeKind
from database.services.importing import CommentTriage, ImportSummary
from database.services.moderation_rules import triage_for
from desktop import dialogs
from desktop.actions import WindowActions
from desktop.articles.area_splitter import ArticleAreaSplitter
from desktop.articles.editor import ArticleEditor
from desktop.articles.list_model import make_exporter
from desktop.articles.list_panel import ArticleListPanel
from desktop.articles.recovery import RecoveryStore, default_recovery_folder
from desktop.articles.trash_controller import TrashController
from desktop.authors.panel import AuthorsPanel
from desktop.backups_controller import BackupController
from desktop.command_keys import CommandKeys
from desktop.context import AppContext
from desktop.desk_runs import DeskRun
from desktop.desk_tools import install_desk_tools
from desktop.export_controller import ExportController
from desktop.importing.controller import ImportController
from desktop.importing.drop_filter import FileDropFilter
from desktop.importing.progress import TaskProgress
from desktop.importing.report_dialog import ImportReportDialog
from desktop.live_updates import LiveUpdates
from desktop.menus import build_menus
from desktop.moderation.panel import ModerationPanel
from desktop.operations import op
from desktop.plain_text import tooltip_text, window_title
from desktop.settings import suggested_user_name
from desktop.shortcuts_dialog import show_about, show_shortcuts
from desktop.turns import Turns
from resources import samples_folder

ARTICLES_TAB, AUTHORS_TAB, MODERATION_TAB = 0, 1, 2
NO_PROFILE = "No profile — choose one in Settings"

log = logging.getLogger(__name__)


def _can_take_focus(widget: QWidget) -> bool:
    return (
        widget.isVisible() and widget.isEnabled() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus
    )


def _stored_rules(database: Database) -> CommentTriage:
    return triage_for(database.session_factory)


class MainWindow(QMainWindow):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("mainWindow")
        self.setWindowTitle("Copydesk")
        self.setAccessibleName("Copydesk")
        self.resize(1280, 800)

        self.actions = WindowActions.create(self)
        self._later = Turns(self)  # work that waits for the event loop's next turns
        # Who is editing what, as this run of this desk: one mark per open article.
        self.desk_run = DeskRun(context.settings.desk_id)
        self.presence = self.desk_run.presence(context)
        self.article_list = ArticleListPanel(context, presence=self.presence)
        self.article_list.model.exporter = make_exporter(context.database.session_factory)
        self.editor = ArticleEditor(
            context, RecoveryStore(default_recovery_folder()), presence=self.presence
        )
        self.live_updates = LiveUpdates(context.database, self)
        self._held_changes: set[ChangeKind] = set()  # heard while this window imports
        self.authors = AuthorsPanel(context)
        self.moderation = ModerationPanel(context)

        self.article_splitter = ArticleAreaSplitter(
            self.article_list,
            self.editor,
            list_comfortable=self.article_list.comfortable_width,
            editor_wanted=self.editor.form.wanted_width,
        )
        self._connect_preview_toggle()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("areaTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.article_splitter, "Articles")
        self.tabs.addTab(self.authors, "Authors")
        self.tabs.addTab(self.moderation, "Moderation")
        self.setCentralWidget(self.tabs)

        self.user_label = QLabel()
        self.user_label.setObjectName("userLabel")
        self.statusBar().addPermanentWidget(self.user_label)

        self.imports = ImportController(context.database, _stored_rules, self)
        self.exports = ExportController(context.database, self)
        self.backups = BackupController(
            self, context.database.url, context.settings, can_leave=self._can_leave_data
        )
        self.import_progress = TaskProgress(self, "Importing", self.imports.cancel)
        self.export_progress = TaskProgress(self, "Exporting", self.exports.cancel)
        self.import_report: ImportReportDialog | None = None
        self.drop_filter = FileDropFilter(self)
        self._drop_hint = ""  # the status bar's text while files are dragged over the window
        self.command_keys = CommandKeys(self, self.actions.commands())
        a = self.actions
        self.trash = TrashController(
            context, self.article_list, self.editor, a.delete_article, a.show_trash, self
        )

        build_menus(self, self.actions, self.moderation.actions())
        self.desk_tools = install_desk_tools(self)  # checklist settings, desk figures
        self._connect()
        self._connect_live_updates()
        self._show_user()
        # Counting a million comments by status takes 80 ms: after the first paint (a zero
        # timer fires after the posted events, paint among them; singleShot(0) would not).
        self._later.add(self.moderation.refresh_if_stale, self._release_left_over_marks)
        self._update_editor_actions()
        self._restore_layout()

    # --- wiring ------------------------------------------------------------------------

    def _connect(self) -> None:
        a = self.actions
        a.new_article.triggered.connect(self.new_article)
        a.save.triggered.connect(self.save_current)
        a.import_files.triggered.connect(self.choose_and_import_files)
        a.import_folder.triggered.connect(self.choose_and_import_folder)
        a.export.triggered.connect(self.choose_and_export)
        self.backups.connect_actions(a.back_up_now, a.restore_backup)
        a.quit.triggered.connect(self.close)
        a.undo.triggered.connect(self.editor.undo)
        a.redo.triggered.connect(self.editor.redo)
        a.find.triggered.connect(self._find)
        a.history.triggered.connect(self.editor.show_history)
        a.show_articles.triggered.connect(lambda: self.show_area(ARTICLES_TAB))
        a.show_authors.triggered.connect(lambda: self.show_area(AUTHORS_TAB))
        a.show_moderation.triggered.connect(lambda: self.show_area(MODERATION_TAB))
        self.tabs.currentChanged.connect(self._area_shown)
        a.profile.triggered.connect(self.choose_profile)
        a.about.triggered.connect(lambda: show_about(self, self.context))
        a.shortcuts.triggered.connect(lambda: show_shortcuts(self, self.actions.all()))

        self.article_list.articleSelected.connect(self._open_article)
        self.article_list.importDialogRequested.connect(self.choose_and_import_files)
        self.article_list.sampleImportRequested.connect(self.import_samples)
        self.editor.saved.connect(self._article_saved)
        self.editor.dirtyChanged.connect(lambda _dirty: self._update_editor_actions())
        self.editor.articleChanged.connect(lambda _id: self._update_editor_actions())
        self.editor.form.title_edit.textChanged.connect(lambda _text: self._update_editor_actions())
        self.editor.statusMessage.connect(self.show_status)
        # Held by another desk: the form turns read-only, and Save with it.
        self.editor.presence.holderChanged.connect(lambda _mark: self._update_editor_actions())
        self.authors.articleOpenRequested.connect(self.open_article)
        self.authors.authorsChanged.connect(self._authors_changed)
        self.authors.modifiedChanged.connect(lambda _modified: self._update_editor_actions())
        self.authors.statusMessage.connect(self.show_status)
        self.moderation.pendingCountChanged.connect(self._update_pending_count)
        self.moderation.commentsChanged.connect(lambda: self.article_list.refresh())
        self.trash.trashChanged.connect(self._trash_changed)
        self.trash.restored.connect(lambda ids: self.article_list.select_article(ids[0]))
        self.trash.statusMessage.connect(self.show_status)

        self.drop_filter.filesDropped.connect(self.import_paths)
        self.drop_filter.hintChanged.connect(self._show_drop_hint)
        self.imports.progress.connect(self.import_progress.update)
        self.imports.finished.connect(self._import_finished)
        self.imports.failed.connect(self._import_failed)
        self.exports.progress.connect(self.export_progress.update)
        self.exports.finished.connect(self._export_finished)
        self.exports.failed.connect(self._export_failed)

    def _connect_live_updates(self) -> None:
        """Changes made at other desks (or by this one) show without a manual refresh."""
        live = self.live_updates
        live.changed.connect(self._live_changes)
        live.connectionChanged.connect(self._connection_changed)
        live.start()

    def _live_changes(self, kinds: frozenset[ChangeKind]) -> None:
        """Refresh what shows each kind of data that changed, each area once."""
        if ChangeKind.PRESENCE in kinds:
            self.article_list.refresh_presence()
            self.editor.presence.refresh()
        kinds = kinds - {ChangeKind.PRESENCE}
        if self.imports.busy:
            # This window's own import commits every batch; its end refreshes everything once.
            self._held_changes |= kinds
            return
        if kinds & {ChangeKind.ARTICLES, ChangeKind.COMMENTS}:
            self.article_list.live_refresh()
        if ChangeKind.ARTICLES in kinds:
            self.editor.refresh_from_database()
            self._update_editor_actions()
            self.trash.refresh_view()
        if ChangeKind.COMMENTS in kinds:
            self.moderation.refresh()
        if ChangeKind.AUTHORS in kinds:
            self._authors_changed()
            self.authors.refresh()

    def _connection_changed(self, up: bool, why: str) -> None:
        if up:
            self.show_status("Connected to the database again.")
        else:
            # Unsaved text stays in the editor and its recovery copy; saving offers a retry.
            self.statusBar().showMessage(f"The database cannot be reached: {why}. Retrying…")

    # --- articles ----------------------------------------------------------------------

    def new_article(self) -> None:
        self.tabs.setCurrentIndex(ARTICLES_TAB)
        if self.editor.new_article():
            self.editor.focus_title()

    def open_article(self, article_id: int) -> None:
        """Open an article from anywhere (the authors area, say) in the editor."""
        self.tabs.setCurrentIndex(ARTICLES_TAB)
        if self.editor.open_article(article_id):
            self.article_list.select_article(article_id)

    def _open_article(self, article_id: int) -> None:
        if article_id == self.editor.current_article_id:
            return
        opened = self.editor.open_article(article_id)
        if not opened and self.editor.current_article_id is not None:
            # The user kept editing: the list goes back to the article still open.
            self.article_list.select_article(self.editor.current_article_id)
        self._update_editor_actions()

    def _article_saved(self, article_id: int) -> None:
        self.article_list.article_saved(article_id)
        self.authors.refresh()
        self._update_editor_actions()

    def _trash_changed(self) -> None:
        """Articles went to the Trash or came back: so did their comments and authors' counts."""
        self.article_list.refresh()
        self.moderation.refresh()
        self.authors.refresh()

    def _authors_changed(self) -> None:
        self.editor.reload_authors()
        self.article_list.reload_authors()
        self.article_list.refresh()

    def _find(self) -> None:
        self.tabs.setCurrentIndex(ARTICLES_TAB)
        self.editor.show_find()

    def _update_editor_actions(self) -> None:
        has_article = self.editor.current_article_id is not None
        self._update_save_action()
        self.actions.history.setEnabled(has_article)
        title = "Copydesk"
        if self.editor.is_open:
            title = f"{self.editor.display_title}{' •' if self.editor.is_dirty else ''} — Copydesk"
        self.setWindowTitle(window_title(title))

    # --- areas: what has the keyboard, what Ctrl+S saves -------------------------------

    def show_area(self, index: int) -> None:
        """Ctrl+1/2/3: go to an area, the keyboard where its work is (see _focus_area)."""
        switching = self.tabs.currentIndex() != index
        self.tabs.setCurrentIndex(index)
        # From the area tabs too; and pressed again in the area, to its list.
        self._focus_area(index, back_where_left=switching)

    def _area_shown(self, index: int) -> None:
        # Moving along the area tabs with the arrow keys, the keyboard stays on the tabs.
        if QApplication.focusWidget() is not self.tabs.tabBar():
            self._focus_area(index, back_where_left=True)
        self._update_save_action()

    def _focus_area(self, index: int, *, back_where_left: bool) -> None:
        """The queue in Moderation, so that its letter keys work at once; elsewhere the field
        last used in the area, when coming back to it, else the list (its search if empty)."""
        if index == MODERATION_TAB:
            self.moderation.focus_queue()
            return
        page = self.tabs.widget(index)
        last = page.focusWidget() if page is not None else None
        if back_where_left and last is not None and _can_take_focus(last):
            last.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        if index == ARTICLES_TAB:
            table = self.article_list.table
            if table.model().rowCount() and _can_take_focus(table):
                table.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.article_list.focus_search()
        elif index == AUTHORS_TAB:
            self.authors.focus_list()

    def save_current(self) -> None:
        """Ctrl+S: save what the current area edits, the article or the author profile."""
        if self.tabs.currentIndex() == AUTHORS_TAB:
            self.authors.save_profile()
        elif self.tabs.currentIndex() == ARTICLES_TAB:
            self.editor.save()

    def _update_save_action(self) -> None:
        save = self.actions.save
        if self.tabs.currentIndex() == AUTHORS_TAB:
            save.setEnabled(self.authors.is_modified)
            tip = "Save the author profile"
        else:
            save.setEnabled(self.tabs.currentIndex() == ARTICLES_TAB and self.editor.can_save)
            tip = "Save the article; the previous version is kept"
        save.setStatusTip(tip)
        save.setToolTip(tip)

    def _show_drop_hint(self, text: str) -> None:
        """While files are dragged over the window: where a drop puts them; gone after."""
        bar = self.statusBar()
        if text:
            bar.showMessage(text)
        elif bar.currentMessage() == self._drop_hint:
            bar.clearMessage()
        self._drop_hint = text

    # --- import and export -------------------------------------------------------------

    def import_paths(self, paths: list[Path] | list[str]) -> bool:
        if self.imports.busy:
            self.show_status("An import is already running; wait for it or cancel it first.")
            return False
        if not self.imports.start(list(paths)):
            return False
        self.import_progress.begin(f"Importing {len(paths)} item(s)…")
        return True

    def choose_and_import_files(self) -> None:
        paths = dialogs.choose_import_files(self)
        if paths:
            self.import_paths(paths)

    def choose_and_import_folder(self) -> None:
        folder = dialogs.choose_import_folder(self)
        if folder:
            self.import_paths([folder])

    def import_samples(self) -> None:
        self.import_paths([samples_folder()])

    def _import_finished(self, summary: ImportSummary) -> None:
        self.import_progress.end()
        self._held_changes.clear()  # everything is read again below
        self.show_status(summary.describe())
        # Each area reads what the import changed in its own turn of the event loop, and the
        # report comes last: all at once, they stalled the window for a tenth of a second.
        self._later.add(
            self.editor.refresh_from_database,
            self.article_list.reload_authors,  # and the list with them
            self.authors.refresh,
            self.moderation.refresh,
            lambda: self._show_import_report(summary),
        )

    def _show_import_report(self, summary: ImportSummary) -> None:
        self.import_report = ImportReportDialog(summary, self.imports.resolve_conflict, self)
        self.import_report.finished.connect(lambda _code: self.article_list.refresh())
        # Which imported articles the filters hide is known once the list, read again in the
        # background, shows the import.
        self.article_list.when_read(lambda: self._offer_hidden_imports(summary))
        self.import_report.show()

    def _offer_hidden_imports(self, summary: ImportSummary) -> None:
        """Articles of the import that the list's search hides: the report says so and offers
        to clear the search, else a dropped file seems to have gone nowhere."""
        report = self.import_report
        ids = [r.article_id for r in summary.results if r.article_id is not None]
        hidden = self.article_list.hidden_of(list(dict.fromkeys(ids)))
        if report is None or not hidden:
            return

        def show() -> None:
            self.tabs.setCurrentIndex(ARTICLES_TAB)
            self.article_list.clear_filters()
            self.article_list.select_article(hidden[0])

        report.offer_to_show_hidden(len(hidden), self.article_list.filter_words(), show)

    def _import_failed(self, message: str) -> None:
        self.import_progress.end()
        # The message says what stopped it and what was stored (ImportStopped), in words.
        dialogs.show_error(self, "Import stopped", f"The import did not finish.\n\n{message}")
        held, self._held_changes = self._held_changes, set()
        self._live_changes(frozenset(held))
        self.article_list.refresh()

    def choose_and_export(self) -> None:
        if self.exports.busy:
            self.show_status("An export is already running.")
            return
        selected = self.article_list.selected_ids()
        ids: list[int] | None = None
        if selected:
            scope = dialogs.choose_export_scope(self, len(selected))
            if scope is None:
                return
            ids = selected if scope == "selected" else None
        folder = dialogs.choose_export_folder(self)
        if folder and self.exports.start(folder, ids):
            self.export_progress.begin("Exporting…")

    def _export_finished(self, summary, folder: str) -> None:  # type: ignore[no-untyped-def]
        self.export_progress.end()
        text = summary.describe(Path(folder))
        self.show_status(text)
        if summary.failed:
            details = "\n".join(f"• {f.title}: {f.message}" for f in summary.failed[:20])
            more = len(summary.failed) - 20
            if more > 0:
                details += f"\n… and {more} more"
            dialogs.show_error(self, "Some articles were not exported", f"{text}.\n\n{details}")

    def _export_failed(self, message: str) -> None:
        self.export_progress.end()
        dialogs.show_error(self, "Export failed", f"The export stopped: {message}")

    # --- profile, status, layout -------------------------------------------------------

    def choose_profile(self) -> bool:
        """Who is working, and the author they write as; False if the person cancelled."""
        settings = self.context.settings
        choice = dialogs.ask_profile(
            self,
            self.context.authors,
            settings.user_name or suggested_user_name(),
            settings.profile_author_id,
            has_profile=bool(settings.user_name),
        )
        if choice is None:
            return False
        settings.user_name = choice.name
        settings.profile_author_id = choice.author_id
        self._show_user()
        if choice.author_created:
            self._authors_changed()
            self.authors.refresh()
        return True

    def ask_profile_if_unset(self) -> None:
        """At first start: who is this? The system's user name is offered. Cancelled, nothing
        is recorded: the question comes back at the next start, and meanwhile revisions carry
        the system's user name (AppContext.user_name) while the status bar says so."""
        if not self.context.settings.user_name:
            self.choose_profile()
        self._show_user()

    def _show_user(self) -> None:
        location = self.context.database.location
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        if self.context.settings.user_name:
            self.user_label.setText(f"{self.context.settings.user_name} · {location}")
            self.user_label.setToolTip("Your profile: Settings → Your profile")
            return
        self.user_label.setText(f"{NO_PROFILE} · {location}")
        self.user_label.setToolTip(
            tooltip_text(
                f"Until you choose a profile, revisions and moderation decisions are recorded "
                f"as “{self.context.user_name}”."
            )
        )

    def _release_left_over_marks(self) -> None:
        """Marks this desk's run before (it crashed, say) left on articles: no one's now."""

        def released(count: int) -> None:
            if count:
                self.article_list.refresh_presence()

        def stay(error: Exception) -> None:  # the next claim of each article takes it back
            log.info("left-over presence marks stay: %s", error)

        op(self, self.presence.release_left_over, write=True).success(released).failure(stay).run()

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 10_000)

    def _update_pending_count(self, count: int) -> None:
        label = f"Moderation ({count:,})" if count else "Moderation"
        self.tabs.setTabText(MODERATION_TAB, label)

    def _connect_preview_toggle(self) -> None:
        """View ▸ Preview (Ctrl+Shift+P) and the editor's Preview button are one choice,
        remembered between runs."""
        toggle, form = self.actions.toggle_preview, self.editor.form
        toggle.setChecked(self.context.settings.editor_preview_shown)
        form.set_preview_shown(toggle.isChecked())
        form.preview_toggle.setDefaultAction(toggle)
        toggle.toggled.connect(self._preview_toggled)

    def _preview_toggled(self, shown: bool) -> None:
        self.editor.form.set_preview_shown(shown)
        self.context.settings.editor_preview_shown = shown
        # The list gives the editor back the room the preview needs, or takes the room it left.
        self.article_splitter.share()

    def _restore_layout(self) -> None:
        settings = self.context.settings
        if geometry := settings.window_state("geometry"):
            self.restoreGeometry(geometry)
        if state := settings.window_state("state"):
            self.restoreState(state)
        if splitter := settings.window_state("articleSplitter"):
            self.article_splitter.restoreState(splitter)
        tab = settings.value("window/tab", ARTICLES_TAB)
        self.tabs.setCurrentIndex(int(tab) if str(tab).isdigit() else ARTICLES_TAB)

    def _save_layout(self) -> None:
        settings = self.context.settings
        settings.set_window_state("geometry", self.saveGeometry())
        settings.set_window_state("state", self.saveState())
        settings.set_window_state("articleSplitter", self.article_splitter.saveState())
        settings.set_value("window/tab", self.tabs.currentIndex())
        settings.sync()

    def _can_leave_data(self) -> bool:
        """Unsaved work settled (saved or discarded): False if the person chose to stay."""
        return self.editor.maybe_save() and self.authors.maybe_save()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.backups.restoring or not self._can_leave_data():
            event.ignore()
            return
        self.imports.cancel()
        self.exports.cancel()
        self.live_updates.stop()
        self.editor.presence.release()
        self.desk_run.end()
        self.backups.back_up_on_close()
        self._save_layout()
        event.accept()
