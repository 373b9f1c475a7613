"""The window's actions: stable object names for automation, standard shortcuts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from desktop import theme

StandardKey = QKeySequence.StandardKey


def make_action(
    parent: QWidget,
    name: str,
    text: str,
    shortcut: QKeySequence | StandardKey | str | None = None,
    tip: str = "",
    icon: str = "",
) -> QAction:
    action = QAction(text, parent)
    action.setObjectName(name)
    if shortcut is not None:
        sequence = QKeySequence(shortcut)
        action.setShortcut(sequence)
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(tip)
    if icon:
        # The desktop theme's icon of that freedesktop name, else ours (light or dark).
        theme.set_icon(action, icon)
    return action


def checkable(action: QAction, checked: bool = True, short_text: str = "") -> QAction:
    action.setCheckable(True)
    action.setChecked(checked)
    if short_text:  # on a button
        action.setIconText(short_text)
    return action


@dataclass
class WindowActions:
    new_article: QAction
    save: QAction
    import_files: QAction
    import_folder: QAction
    export: QAction
    back_up_now: QAction
    restore_backup: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    find: QAction
    history: QAction
    delete_article: QAction
    show_trash: QAction
    toggle_preview: QAction
    show_articles: QAction
    show_authors: QAction
    show_moderation: QAction
    profile: QAction
    about: QAction
    shortcuts: QAction

    @classmethod
    def create(cls, parent: QWidget) -> WindowActions:
        return cls(
            new_article=make_action(
                parent,
                "actionNewArticle",
                "&New article",
                StandardKey.New,
                "Start a new draft",
                "document-new",
            ),
            save=make_action(
                parent,
                "actionSave",
                "&Save",
                StandardKey.Save,
                "Save the article; the previous version is kept",
                "document-save",
            ),
            import_files=make_action(
                parent,
                "actionImport",
                "&Import…",
                "Ctrl+I",
                "Import article files or folders",
                "document-import",
            ),
            import_folder=make_action(
                parent,
                "actionImportFolder",
                "Import &folder…",
                "Ctrl+Shift+I",
                "Import every article file in a folder and its subfolders",
                "folder-open",
            ),
            export=make_action(
                parent,
                "actionExport",
                "&Export…",
                "Ctrl+E",
                "Export articles as text files",
                "document-export",
            ),
            back_up_now=make_action(
                parent,
                "actionBackUpNow",
                "&Back up now",
                None,
                "Write a checked copy of the database into its backups folder",
            ),
            restore_backup=make_action(
                parent,
                "actionRestoreBackup",
                "&Restore from backup…",
                None,
                "Put one of the database's backups back in its place",
            ),
            quit=make_action(
                parent, "actionQuit", "&Quit", StandardKey.Quit, icon="application-exit"
            ),
            undo=make_action(parent, "actionUndo", "&Undo", StandardKey.Undo, icon="edit-undo"),
            redo=make_action(parent, "actionRedo", "&Redo", StandardKey.Redo, icon="edit-redo"),
            find=make_action(
                parent,
                "actionFind",
                "&Find and replace…",
                StandardKey.Find,
                "Find and replace in the article",
                "edit-find",
            ),
            history=make_action(
                parent,
                "actionHistory",
                "Revision &history…",
                "Ctrl+Shift+H",
                "Earlier versions of the article",
                "document-open-recent",
            ),
            # Delete works in the article list only (desktop/articles/trash_controller.py).
            delete_article=make_action(
                parent,
                "actionDeleteArticle",
                "&Delete article",
                StandardKey.Delete,
                "Move the article to the Trash, with its comments; View ▸ Trash restores it",
            ),
            show_trash=make_action(
                parent,
                "actionShowTrash",
                "&Trash…",
                None,
                "Deleted articles, kept for 30 days: restore them or delete them forever",
            ),
            toggle_preview=checkable(
                make_action(
                    parent,
                    "actionTogglePreview",
                    "&Preview beside the text",
                    "Ctrl+Shift+P",
                    "Show or hide the preview beside the article text",
                ),
                short_text="Preview",
            ),
            show_articles=make_action(parent, "actionShowArticles", "&Articles", "Ctrl+1"),
            show_authors=make_action(parent, "actionShowAuthors", "A&uthors", "Ctrl+2"),
            show_moderation=make_action(parent, "actionShowModeration", "&Moderation", "Ctrl+3"),
            profile=make_action(
                parent,
                "actionProfile",
                "Your &profile…",
                None,
                "Who you are: recorded on revisions and moderation decisions",
                "user-identity",
            ),
            about=make_action(parent, "actionAbout", "&About Copydesk", icon="help-about"),
            shortcuts=make_action(
                parent, "actionShortcuts", "&Keyboard shortcuts", "F1", icon="input-keyboard"
            ),
        )

    def all(self) -> list[QAction]:
        return list(vars(self).values())

    def commands(self) -> list[QAction]:
        """The actions whose keys work from any field, a title or search field included.

        Undo, redo and find are not among them: in a text field they mean that field.
        """
        return [
            self.new_article,
            self.save,
            self.import_files,
            self.import_folder,
            self.export,
            self.history,
            self.show_articles,
            self.show_authors,
            self.show_moderation,
            self.quit,
            self.shortcuts,
        ]
