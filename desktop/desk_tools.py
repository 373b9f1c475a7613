"""The newsroom's editorial tools in the window's menus: Settings ▸ Pre-publish checklist…,
View ▸ Desk figures…, and the checklist's way to an article's waiting comments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMenu

from database.statuses import CommentStatus
from desktop.actions import make_action
from desktop.articles.checklist_settings import ChecklistSettingsDialog, edit_checklist
from desktop.articles.desk_figures_view import DeskFiguresView
from desktop.moderation.filter_bar import QUEUES

if TYPE_CHECKING:
    from desktop.main_window import MainWindow


def _menu(window: MainWindow, title: str) -> QMenu | None:
    for action in window.menuBar().actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text() == title:
            return menu
    return None


class DeskTools(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.figures_view: DeskFiguresView | None = None
        self.settings_dialog: ChecklistSettingsDialog | None = None
        self.checklist_settings = make_action(
            window,
            "actionChecklistSettings",
            "Pre-publish &checklist…",
            None,
            "Which checks run before an article is published, for the whole newsroom",
        )
        self.desk_figures = make_action(
            window,
            "actionDeskFigures",
            "Desk &figures…",
            None,
            "Words filed per person per day, and articles waiting in review",
        )
        if (settings := _menu(window, "&Settings")) is not None:
            settings.addAction(self.checklist_settings)
        if (view := _menu(window, "&View")) is not None:
            view.addSeparator()
            view.addAction(self.desk_figures)
        self.checklist_settings.triggered.connect(self.edit_checklist)
        self.desk_figures.triggered.connect(self.show_figures)
        window.editor.publish_gate.commentsRequested.connect(self.show_waiting_comments)

    def edit_checklist(self) -> ChecklistSettingsDialog | None:
        window = self._window
        self.settings_dialog = edit_checklist(
            window,
            window.editor.publish_gate.service,
            lambda: window.context.user_name,
            window.show_status,
        )
        return self.settings_dialog

    def show_figures(self) -> DeskFiguresView:
        """The figures window, made once and counted again each time it is asked for."""
        if self.figures_view is None:
            self.figures_view = DeskFiguresView(self._window.context, self._window)
            self.figures_view.articleOpenRequested.connect(self._window.open_article)
        view = self.figures_view
        view.show()
        view.raise_()
        view.activateWindow()
        view.refresh()
        return view

    def show_waiting_comments(self, article_id: int) -> None:
        """Moderation, Pending, this article's comments."""
        from desktop.main_window import MODERATION_TAB

        window = self._window
        window.show_area(MODERATION_TAB)
        bar = window.moderation.filter_bar
        pending = next(i for i, (status, _) in enumerate(QUEUES) if status is CommentStatus.PENDING)
        bar.tabs.setCurrentIndex(pending)
        window.moderation.refresh()  # the article is among the choices of Pending
        bar.choose_article(article_id)


def install_desk_tools(window: MainWindow) -> DeskTools:
    return DeskTools(window)


__all__ = ["DeskTools", "install_desk_tools"]
