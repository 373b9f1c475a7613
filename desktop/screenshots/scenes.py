"""Every area and dialog of the window, put on screen over the sample desk at a given size.

A scene puts the main window in a state (an area with something chosen in it) or opens a
dialog over it, and returns the top-level widget to look at: the screenshot command saves
it, and tests/desktop/test_fit.py checks that its text fits. Dialogs are shown, not run
(`exec()` would wait for a person), and closed again by `close_scene`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QEventLoop, QSize, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from database.services.authors import AuthorSummary
from database.services.desk_figures import DeskFiguresService
from database.services.prepublish import ArticleDraft
from desktop.articles.checklist_settings import ChecklistSettingsDialog
from desktop.articles.desk_figures_view import DeskFiguresView
from desktop.articles.history import RevisionHistoryDialog
from desktop.articles.prepublish_dialog import PrePublishChecklist
from desktop.authors.delete_dialog import DeleteAuthorDialog
from desktop.authors.merge_dialog import MergeAuthorsDialog
from desktop.context import AppContext
from desktop.importing.report_dialog import ImportReportDialog
from desktop.main_window import ARTICLES_TAB, AUTHORS_TAB, MODERATION_TAB, MainWindow
from desktop.moderation.key_help import ModerationKeysDialog
from desktop.moderation.log_dialog import ModerationLogDialog
from desktop.moderation.rules_dialog import RulesDialog
from desktop.new_author_dialog import NewAuthorDialog
from desktop.profile_dialog import ProfileDialog
from desktop.screenshots.sandbox import DESK_USER, SampleDesk
from desktop.shortcuts_dialog import AboutDialog, ShortcutsDialog

# Time for what the window does in later turns of the event loop (the preview renders on a
# worker, the queue reads its rows after the first paint) before it is looked at.
AREA_SETTLE_MS = 400
DIALOG_SETTLE_MS = 60


@dataclass
class Stage:
    """The window on the sample desk, at the size of the screen being imitated."""

    window: MainWindow
    desk: SampleDesk
    size: QSize


@dataclass(frozen=True)
class Scene:
    name: str  # the file name's part: <size>-<name>.png
    show: Callable[[Stage], QWidget]
    is_dialog: bool = False
    # Undoes what the scene changed in the window that the scenes after it should not see.
    leave: Callable[[Stage], object] | None = None


def settle(milliseconds: int) -> None:
    """Let the event loop run for a while: timers, workers' results and paints happen."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def open_window(desk: SampleDesk, size: QSize) -> MainWindow:
    """The main window on the desk, shown at `size` (bigger if its minimum size is)."""
    context = AppContext(desk.database)
    context.settings.user_name = DESK_USER
    window = MainWindow(context)
    window.resize(size)
    window.show()
    settle(AREA_SETTLE_MS)
    return window


def close_window(window: MainWindow) -> None:
    # Nothing in the pictures is worth asking about: close without questions.
    window.editor.maybe_save = lambda: True  # type: ignore[method-assign]
    window.authors.maybe_save = lambda: True  # type: ignore[method-assign]
    window.close()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def show_scene(stage: Stage, scene: Scene) -> QWidget:
    shown = scene.show(stage)
    settle(DIALOG_SETTLE_MS if scene.is_dialog else AREA_SETTLE_MS)
    return shown


def close_scene(stage: Stage, scene: Scene, shown: QWidget) -> None:
    if scene.leave is not None:
        scene.leave(stage)
    if shown is stage.window:
        return
    shown.close()
    shown.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _dialog(stage: Stage, dialog: QDialog) -> QDialog:
    """Shown as a window manager would: no bigger than the screen, over the window."""
    dialog.show()
    QApplication.processEvents()
    width = min(dialog.width(), stage.size.width())
    height = min(dialog.height(), stage.size.height())
    dialog.resize(width, height)
    centre = stage.window.geometry().center()
    dialog.move(centre.x() - width // 2, centre.y() - height // 2)
    return dialog


# --- the areas --------------------------------------------------------------------------


def _articles(stage: Stage) -> QWidget:
    window = stage.window
    window.tabs.setCurrentIndex(ARTICLES_TAB)
    window.open_article(stage.desk.edited_article_id)
    return window


def _articles_find(stage: Stage) -> QWidget:
    _articles(stage)
    stage.window.actions.find.trigger()
    return stage.window


def _close_find(stage: Stage) -> None:
    stage.window.editor.form.find_bar.close_bar()
    settle(DIALOG_SETTLE_MS)


def _unnamed_author(context: AppContext) -> AuthorSummary:
    """The author the pictures show: one an import left without a name, if there is one."""
    unnamed = context.authors.list(needs_name_only=True)
    return unnamed[0] if unnamed else context.authors.list()[0]


def _authors(stage: Stage) -> QWidget:
    window = stage.window
    window.tabs.setCurrentIndex(AUTHORS_TAB)
    window.authors.select_author(_unnamed_author(window.context).id)
    return window


def _moderation(stage: Stage) -> QWidget:
    window = stage.window
    window.tabs.setCurrentIndex(MODERATION_TAB)
    panel = window.moderation
    panel.refresh_if_stale()
    panel.triage.go_to(0)
    panel.view.setFocus()
    return window


# --- the dialogs ------------------------------------------------------------------------


def _rules(stage: Stage) -> QWidget:
    moderation = stage.window.moderation
    return _dialog(stage, RulesDialog(moderation.rule_service.load(), stage.window))


def _log(stage: Stage) -> QWidget:
    return _dialog(stage, ModerationLogDialog(stage.window.moderation.log_service, stage.window))


def _keys(stage: Stage) -> QWidget:
    _moderation(stage)
    return _dialog(stage, ModerationKeysDialog(stage.window.moderation))


def _import_report(stage: Stage) -> QWidget:
    window = stage.window
    report = ImportReportDialog(stage.desk.import_summary, window.imports.resolve_conflict, window)
    return _dialog(stage, report)


def _history(stage: Stage) -> QWidget:
    window = stage.window
    return _dialog(
        stage, RevisionHistoryDialog(window.context, stage.desk.edited_article_id, window)
    )


def _shortcuts(stage: Stage) -> QWidget:
    return _dialog(stage, ShortcutsDialog(stage.window.actions.all(), stage.window))


def _about(stage: Stage) -> QWidget:
    return _dialog(stage, AboutDialog(stage.window.context, stage.window))


def _author_and_others(stage: Stage) -> tuple[AuthorSummary, list[AuthorSummary]]:
    current = _unnamed_author(stage.window.context)
    others = [a for a in stage.window.context.authors.list() if a.id != current.id]
    return current, others


def _merge(stage: Stage) -> QWidget:
    _authors(stage)
    current, others = _author_and_others(stage)
    return _dialog(stage, MergeAuthorsDialog(current, others, stage.window))


def _delete(stage: Stage) -> QWidget:
    _authors(stage)
    current, others = _author_and_others(stage)
    return _dialog(stage, DeleteAuthorDialog(current, others, stage.window))


def _profile(stage: Stage) -> QWidget:
    authors = stage.window.context.authors
    mine = next((a.id for a in authors.list() if a.display_name == DESK_USER), None)
    dialog = ProfileDialog(authors, DESK_USER, mine, stage.window, has_profile=True)
    return _dialog(stage, dialog)


def _new_author(stage: Stage) -> QWidget:
    _articles(stage)
    return _dialog(stage, NewAuthorDialog(stage.window.context.authors, "", stage.window))


def _trash(stage: Stage) -> QWidget:
    """Every sample article in the Trash (put back by `_restore_trash`), the view open."""
    _articles(stage)
    context = stage.window.context
    stage.window.trash.service.trash(context.articles.ids(), by=DESK_USER)
    stage.window.editor.close_article()  # as Delete does: the editor lets them go,
    stage.window.trash.trashChanged.emit()  # and the list and the queue follow
    view = stage.window.trash.show_trash()
    view.hide()  # shown again, placed as the other dialogs are
    return _dialog(stage, view)


def _restore_trash(stage: Stage) -> None:
    trash = stage.window.trash.service
    trash.restore([article.id for article in trash.list()])
    stage.window.trash.trashChanged.emit()


def _prepublish_checklist(stage: Stage) -> QWidget:
    """What publishing the edited sample would meet: its author, blank lines, comments."""
    _articles(stage)
    window = stage.window
    article = window.context.articles.get(stage.desk.edited_article_id)
    draft = ArticleDraft(article.title, article.body, article.author_id, article.id)
    items = window.editor.publish_gate.service.check(draft)
    return _dialog(stage, PrePublishChecklist(article.title, items, window))


def _checklist_settings(stage: Stage) -> QWidget:
    enabled = stage.window.editor.publish_gate.service.enabled_checks()
    return _dialog(stage, ChecklistSettingsDialog(enabled, stage.window))


def _desk_figures(stage: Stage) -> QWidget:
    window = stage.window
    view = DeskFiguresView(window.context, window)
    view.show_figures(DeskFiguresService(window.context.database.session_factory).figures(7))
    return _dialog(stage, view)


SCENES: tuple[Scene, ...] = (
    Scene("articles", _articles),
    Scene("articles-find", _articles_find, leave=_close_find),
    Scene("authors", _authors),
    Scene("moderation", _moderation),
    Scene("moderation-rules", _rules, is_dialog=True),
    Scene("moderation-log", _log, is_dialog=True),
    Scene("moderation-keys", _keys, is_dialog=True),
    Scene("import-report", _import_report, is_dialog=True),
    Scene("revision-history", _history, is_dialog=True),
    Scene("shortcuts", _shortcuts, is_dialog=True),
    Scene("about", _about, is_dialog=True),
    Scene("author-merge", _merge, is_dialog=True),
    Scene("author-delete", _delete, is_dialog=True),
    Scene("profile", _profile, is_dialog=True),
    Scene("new-author", _new_author, is_dialog=True),
    Scene("trash", _trash, is_dialog=True, leave=_restore_trash),
    Scene("prepublish-checklist", _prepublish_checklist, is_dialog=True),
    Scene("checklist-settings", _checklist_settings, is_dialog=True),
    Scene("desk-figures", _desk_figures, is_dialog=True),
)
SCENE_NAMES = tuple(scene.name for scene in SCENES)
