"""The menu bar and tool bar, built from the window's actions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QToolBar

from desktop import theme
from desktop.actions import WindowActions


def build_menus(
    window: QMainWindow, actions: WindowActions, moderation_actions: list[QAction]
) -> None:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([actions.new_article, actions.save])
    file_menu.addSeparator()
    file_menu.addActions([actions.import_files, actions.import_folder, actions.export])
    file_menu.addSeparator()
    file_menu.addActions([actions.back_up_now, actions.restore_backup])
    file_menu.addSeparator()
    file_menu.addAction(actions.quit)

    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([actions.undo, actions.redo])
    edit_menu.addSeparator()
    edit_menu.addActions([actions.find, actions.history])
    edit_menu.addSeparator()
    edit_menu.addAction(actions.delete_article)

    view_menu = bar.addMenu("&View")
    view_menu.addActions([actions.show_articles, actions.show_authors, actions.show_moderation])
    view_menu.addSeparator()
    view_menu.addAction(actions.toggle_preview)
    view_menu.addSeparator()
    view_menu.addAction(actions.show_trash)

    moderation_menu = bar.addMenu("&Moderation")
    moderation_menu.addActions(moderation_actions)

    settings_menu = bar.addMenu("&Settings")
    settings_menu.addAction(actions.profile)

    help_menu = bar.addMenu("&Help")
    help_menu.addActions([actions.shortcuts, actions.about])

    toolbar = QToolBar("Main tool bar", window)
    toolbar.setObjectName("mainToolBar")
    toolbar.setMovable(False)
    # Words beside the pictures: four buttons fit easily, and nobody has to guess at them.
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addActions([actions.new_article, actions.save])
    toolbar.addSeparator()
    toolbar.addActions([actions.import_files, actions.export])
    window.addToolBar(toolbar)
    # The icons (and any tinted label) switch between light and dark with the desktop.
    theme.follow_palette(window)
